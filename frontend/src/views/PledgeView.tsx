// "/c/:slug/pledge": the council's promises, each asking "Is this happening for you?".
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { PledgeOut } from '../api/types';
import { signInHref, useCanAsk } from '../components/AskLink';
import { Loaded } from '../components/Loaded';
import { Page } from '../components/Page';
import { PledgeProgress } from '../features/pledge/PledgeProgress';
import { PromiseQuestion } from '../features/pledge/PromiseQuestion';
import { paths } from '../core/api';
import { useOutbox } from '../core/hooks';
import { useSignedIn } from '../core/session';
import { t } from '../core/i18n';
import { answersFor, type StoredAnswer } from '../features/pledge/answers';
import { useProgressive } from '../lib/progressive';

export function PledgeView({ slug }: { slug: string }) {
  return <Loaded<PledgeOut> path={paths.pledge(slug)}>{(pledge) => <Promises slug={slug} pledge={pledge} />}</Loaded>;
}

function Promises({ slug, pledge }: { slug: string; pledge: PledgeOut }) {
  const outbox = useOutbox();
  const [answers, setAnswers] = useState(new Map<string, StoredAnswer>());
  const inOutbox = useMemo(() => new Map((outbox ?? []).map((item) => [item.id, item])), [outbox]);

  // Re-read this phone's answers whenever the outbox changes: a flush marks them sent.
  useEffect(() => {
    let current = true;
    answersFor(slug).then(
      (list) => current && setAnswers(new Map(list.map((answer) => [answer.promise, answer]))),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [slug, outbox]);

  // The same function each time, so a promise whose props are unchanged is not drawn again.
  const onSaved = useCallback(
    (answer: StoredAnswer) => setAnswers((previous) => new Map(previous).set(answer.promise, answer)),
    [],
  );
  // While the phone does not yet know who is signed in (a session may exist), the page is drawn
  // as for its young person, as the tabs are: nothing moves when it learns who it is.
  const person = useSignedIn();
  const canAsk = useCanAsk(slug) || person === undefined;
  const promises = pledge.themes.flatMap((theme) => theme.promises);
  // One theme at a time as the app opens on this page (lib/progressive.ts).
  const drawn = useProgressive(pledge.themes.length);
  const answered = promises.filter((promise) => answers.has(promise.id)).length;

  return (
    <Page title={t('pledge.title')}>
      <p class="lead">{pledge.introduction}</p>
      <p>{t('pledge.anonymous')}</p>
      {!canAsk && (
        <p class="inset" data-testid="pledge-sign-in">
          {t('pledge.askSignIn')}{' '}
          <a href={signInHref(slug)}>{t('pledge.askSignInLink')}</a>
        </p>
      )}
      <PledgeProgress answered={answered} total={promises.length} />
      {pledge.themes.slice(0, drawn).map((theme) => (
        <section key={theme.id} aria-labelledby={`theme-${theme.id}`}>
          <h2 id={`theme-${theme.id}`}>{theme.title}</h2>
          {theme.promises.map((promise) => {
            const saved = answers.get(promise.id);
            return (
              <PromiseQuestion
                key={promise.id}
                council={slug}
                promise={promise}
                saved={saved}
                outboxItem={saved && inOutbox.get(saved.itemId)}
                onSaved={onSaved}
                canAsk={canAsk}
              />
            );
          })}
        </section>
      ))}
    </Page>
  );
}
