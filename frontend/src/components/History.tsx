// A record's history: who changed what, when and on which device, oldest first. Changes by
// staff say who made them, so the young person sees at once what their PA changed.
import type { FieldEditOut } from '../api/types';
import { t } from '../core/i18n';
import { changeText, unseenText, whenText } from '../lib/records-text';

export function History({ entries, id }: { entries: FieldEditOut[]; id: string }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t('records.historyHeading')}</h2>
      {entries.length === 0 ? (
        <p>{t('records.noHistory')}</p>
      ) : (
        <ul class="history" data-testid="history">
          {entries.map((entry) => (
            <li key={entry.op_id} class={entry.by.kind === 'staff' ? 'history__item history__item--staff' : 'history__item'}>
              <p class="history__meta hint">{whenText(entry)}</p>
              {entry.changes.map((change) => {
                const unseen = unseenText(entry, change);
                return (
                  <p key={change.field} class="history__text">
                    {changeText(entry, change)}
                    {unseen && <span class="history__unseen"> {unseen}</span>}
                  </p>
                );
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "Saved on this phone" while changes wait to send, then "Sent" once they have gone. */
export function SyncState({ unsent, changedHere }: { unsent: boolean; changedHere: boolean }) {
  return (
    <p role="status" class={unsent || changedHere ? 'inset' : 'visually-hidden'} data-testid="sync-state">
      {unsent ? t('records.saved') : changedHere ? t('records.sent') : ''}
    </p>
  );
}

/** A "Print" button: the print style sheet leaves only the page's content. */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" class="button button--secondary" onClick={() => window.print()}>
      {label}
    </button>
  );
}
