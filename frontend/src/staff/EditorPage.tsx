// The page around one content editor: a form page (the title starts "Error:" while the form has
// errors, the error summary first) with the link back to the list of content.
import type { ComponentProps } from 'preact';
import { FormPage } from '../components/form';
import { t } from './i18n';
import { editorPages } from './content';

export function EditorPage(props: Omit<ComponentProps<typeof FormPage>, 'before'>) {
  return <FormPage {...props} before={<a class="back-link" href={editorPages.list}>{t('editor.back')}</a>} />;
}
