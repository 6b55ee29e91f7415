// "/staff/content/themes/:id" and ".../promises/:id": edit a pledge theme's title or a
// promise's words as a draft, preview it as the young person's pledge page shows it (the
// real PromiseQuestion, its buttons switched off), then publish or discard.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { TextArea, TextInput } from '../components/form';
import { PromiseQuestion } from '../features/pledge/PromiseQuestion';
import { ApiError, send } from '../core/api';
import { fieldsWithErrors, useFormErrors } from '../lib/form-errors';
import { t } from './i18n';
import type { SignedInPerson } from '../core/session';
import type { PledgeEditorOut, PledgeOut, PromiseFields, ThemeEditorOut, ThemeFields } from '../api/types';
import { editorPaths, shown, type Edited } from './content';
import { NotFound } from '../components/NotFound';
import { EditorPage } from './EditorPage';
import { DraftActions, editorProblem, StateTags } from './DraftActions';

type Kind = 'theme' | 'promise';
type Words = ThemeFields | PromiseFields;
const TARGET = { words: 'pledge-words' };

/** The theme or promise with this id, and the theme it is in. */
function find(pledge: PledgeEditorOut, kind: Kind, id: string): [Edited<Words>, ThemeEditorOut] | null {
  for (const theme of pledge.themes) {
    if (kind === 'theme' && theme.id === id) return [theme, theme];
    const promise = theme.promises.find((candidate) => candidate.id === id);
    if (kind === 'promise' && promise) return [promise, theme];
  }
  return null;
}

const wordsOf = (words: Words) => ('title' in words ? words.title : words.text);

export function PledgeTextEditor({ kind, id, me }: { kind: Kind; id: string; me: SignedInPerson }) {
  const [edited, setEdited] = useState<Edited<Words> | null>(null);
  const [themeKey, setThemeKey] = useState('');
  const [value, setValue] = useState('');
  const [preview, setPreview] = useState<PledgeOut | null>(null);
  const [saved, setSaved] = useState('');
  const [missing, setMissing] = useState(false);
  const { errors, problem, attempt, fail, clear, summary: summaryAt } = useFormErrors<'words'>(TARGET);
  const path = kind === 'theme' ? editorPaths.theme(id) : editorPaths.promise(id);

  const show = (next: Edited<Words>) => {
    setEdited(next);
    setValue(wordsOf(shown(next)));
  };

  useEffect(() => {
    send<PledgeEditorOut>('GET', editorPaths.pledge).then(
      (pledge) => {
        const found = find(pledge, kind, id);
        if (!found) return setMissing(true);
        show(found[0]);
        setThemeKey(found[1].key);
      },
      (error: unknown) => fail({}, editorProblem(error)),
    );
  }, [kind, id]);

  useEffect(() => {
    if (!edited?.draft) return setPreview(null);
    send<PledgeOut>('GET', editorPaths.pledgePreview).then(setPreview, () => setPreview(null));
  }, [edited]);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!edited) return;
    setSaved('');
    const draft = kind === 'theme' ? { title: value.trim() } : { text: value.trim() };
    try {
      show(await send<Edited<Words>>('PUT', `${path}/draft`, { revision: edited.revision, draft }));
      clear();
      setSaved(t('editor.saved'));
    } catch (error) {
      const wrong = error instanceof ApiError && fieldsWithErrors(error.fields, { words: 'body.draft' }).length > 0;
      fail(wrong ? { words: t(`editor.error.${kind}`) } : {}, wrong ? '' : editorProblem(error));
    }
  };

  if (missing) return <NotFound />;
  const heading = t(`editor.${kind}Title`);
  const summary = summaryAt(TARGET.words);
  const theme = preview?.themes.find((candidate) => candidate.id === themeKey);
  const Field = kind === 'theme' ? TextInput : TextArea;
  return (
    <EditorPage heading={heading} busy={edited === null && !problem} summary={summary} attempt={attempt}>
      {edited && (
        <>
          <p>
            <StateTags edited={edited} />
          </p>
          <form onSubmit={submit} noValidate>
            <Field id={TARGET.words} label={t(`editor.field.${kind}`)} error={errors.words} value={value} onInput={setValue} />
            <button type="submit" class="button">
              {t('editor.save')}
            </button>
            <p role="status">{saved}</p>
          </form>
        </>
      )}
      {theme && (
        <section aria-labelledby="preview-heading" class="preview" data-testid="pledge-preview">
          <h2 id="preview-heading">{t('editor.previewHeading')}</h2>
          <p class="hint">{t('editor.previewPledge')}</p>
          <div class="preview__page">
            <p class="preview__title">{theme.title}</p>
            {/* A disabled fieldset: the preview's answer buttons cannot send an answer. */}
            <fieldset disabled class="preview__fieldset">
              <legend class="visually-hidden">{t('editor.previewHeading')}</legend>
              {theme.promises.map((promise) => (
                <PromiseQuestion key={promise.id} council={me.council} promise={promise} saved={undefined} outboxItem={undefined} onSaved={() => undefined} canAsk={false} />
              ))}
            </fieldset>
          </div>
        </section>
      )}
      {edited && <DraftActions edited={edited} path={path} onChanged={show} />}
    </EditorPage>
  );
}
