// "/c/:slug/views/draft/:id": a statement, a few short screens at a time. Every question can
// be skipped; every change is saved on the phone at once, so a reload (or a flat battery)
// loses nothing. The last screen picks who will see it and sends it to the outbox.
import { useEffect, useState } from 'preact/hooks';
import type { ViewsOut } from '../api/types';
import { Choice, Fieldset, Form, FormPage, TextArea, TextInput } from '../components/form';
import { Page } from '../components/Page';
import { PrivacyNote } from '../components/PrivacyNote';
import { YoungPersonAndCouncil } from '../components/YoungPersonOnly';
import { useFormErrors } from '../lib/form-errors';
import { t } from '../core/i18n';
import { navigate } from '../core/router';
import { FEELING_EMOJI, FEELINGS, FLOWS, type Question } from '../features/statements/flows';
import { optionLabel, questionLabel, recipientName, typeTitle } from '../features/statements/text';
import { deleteDraft, getDraft, saveDraft } from '../features/statements/pages';
import { MAX_TEXT, meetingDateOk, sendDraft, tooLong, type Draft } from '../features/statements/statements';
import { NotFound } from '../components/NotFound';

export function StatementFlowView({ slug, id }: { slug: string; id: string }) {
  return (
    <YoungPersonAndCouncil slug={slug}>
      {(person, council) => <Flow slug={slug} owner={person.id} paName={person.pa_first_name} id={id} views={council.views} />}
    </YoungPersonAndCouncil>
  );
}

function Flow({ slug, owner, paName, id, views }: { slug: string; owner: string; paName?: string | null; id: string; views: ViewsOut }) {
  const [draft, setDraft] = useState<Draft | null | undefined>(undefined);
  useEffect(() => {
    void getDraft(owner, id).then((found) => setDraft(found ?? null), () => setDraft(null));
  }, [owner, id]);
  if (draft === undefined) {
    return (
      <Page title={t('app.loadingTitle')} busy>
        <p>{t('app.loading')}</p>
      </Page>
    );
  }
  if (draft === null) return <NotFound />;
  return <Steps slug={slug} draft={draft} views={views} paName={paName} onChange={setDraft} />;
}

interface StepsProps {
  slug: string;
  draft: Draft;
  views: ViewsOut;
  /** Their PA's first name, shown with "your personal adviser" (never stored with the draft). */
  paName?: string | null | undefined;
  onChange: (draft: Draft) => void;
}

function Steps({ slug, draft, views, paName, onChange }: StepsProps) {
  const screens = FLOWS[draft.type];
  const last = screens.length; // the screen after the questions: who sees it, and Send
  const step = Math.min(draft.step, last);
  const questions = screens[step] ?? [];
  const targets = Object.fromEntries(questions.map((question) => [question.name, fieldId(question)]));
  const form = useFormErrors<string>(targets);
  const [sending, setSending] = useState(false);
  const recipient = views.recipients.find((candidate) => candidate.key === draft.recipient) ?? views.recipients[0];
  const base = `/c/${encodeURIComponent(slug)}/views`;

  const update = (changes: Partial<Draft>) => {
    const next = { ...draft, ...changes };
    onChange(next);
    void saveDraft(next).catch(() => undefined);
  };
  const answer = (name: string, value: string | number | string[]) =>
    update({ answers: { ...draft.answers, [name]: value } });

  /** What is wrong on this screen, by field. Blank is never wrong. */
  const problems = (): Record<string, string> => {
    const found: Record<string, string> = {};
    for (const name of tooLong(draft.answers)) {
      if (questions.some((question) => question.name === name) || step === last) {
        found[name] = t('views.error.tooLong', { max: MAX_TEXT.toLocaleString('en-GB') });
      }
    }
    const date = draft.answers['meeting_date'];
    if (typeof date === 'string' && date && !meetingDateOk(date) && (step === 0 || step === last)) {
      found['meeting_date'] = t('views.error.date');
    }
    return found;
  };

  const go = (to: number) => {
    const found = to > step ? problems() : {};
    if (Object.keys(found).length > 0) {
      form.fail(found);
      return;
    }
    form.clear();
    update({ step: to });
    window.scrollTo(0, 0);
    document.querySelector<HTMLElement>('h1')?.focus();
  };

  const send = async () => {
    const found = problems();
    if (Object.keys(found).length > 0) {
      form.fail(found);
      return;
    }
    setSending(true);
    try {
      const sent = await sendDraft(draft, recipient?.label ?? draft.recipient);
      navigate(`${base}/sent/${sent.id}`, { replace: true });
    } catch {
      form.fail({}, t('views.error.notSaved'));
      setSending(false);
    }
  };

  const discard = async () => {
    await deleteDraft(draft.owner, draft.id).catch(() => undefined);
    navigate(base, { replace: true });
  };

  const title = typeTitle(draft.type);
  return (
    <FormPage
      heading={title}
      summary={form.summary('send-button')}
      attempt={form.attempt}
      before={<a href={base} class="back-link">{t('views.backToList')}</a>}
      intro={
        <>
          <p class="hint" data-testid="step">
            {t('views.step', { step: step + 1, count: last + 1 })}
          </p>
          <div class="inset" data-testid="who-sees">
            <p>{t('views.whoSees', { who: recipient ? recipientName(recipient, paName) : '' })}</p>
            <PrivacyNote slug={slug} text={t('privacy.note.statement')} />
          </div>
          {draft.about && <p class="lead">{t('views.about', { title: draft.about.title })}</p>}
        </>
      }
    >
      <Form class="statement-form" onSubmit={() => (step === last ? send() : go(step + 1))}>
        {step < last ? (
          <>
            <p class="hint">{t('views.skipHint')}</p>
            {questions.map((question) => (
              <QuestionField
                key={question.name}
                type={draft.type}
                question={question}
                draft={draft}
                error={form.errors[question.name]}
                onAnswer={answer}
              />
            ))}
          </>
        ) : (
          <Fieldset id="recipient" legend={t('views.recipientLegend')} hint={t('views.recipientHint')}>
            {views.recipients.map((choice) => (
              <Choice
                key={choice.key}
                type="radio"
                id={`recipient-${choice.key}`}
                name="recipient"
                value={choice.key}
                label={recipientName(choice, paName)}
                checked={choice.key === recipient?.key}
                onChange={(checked) => checked && update({ recipient: choice.key })}
              />
            ))}
          </Fieldset>
        )}
        <div class="button-group">
          <button type="submit" id="send-button" class="button" disabled={sending}>
            {t(step === last ? 'views.send' : 'views.next')}
          </button>
          {step > 0 && (
            <button type="button" class="button button--secondary" onClick={() => go(step - 1)}>
              {t('views.back')}
            </button>
          )}
        </div>
      </Form>
      <p>
        <button type="button" class="link-button" onClick={() => void discard()}>
          {t('views.discard')}
        </button>
      </p>
    </FormPage>
  );
}

function fieldId(question: Question): string {
  return question.kind === 'radio' || question.kind === 'checkbox' || question.kind === 'feeling'
    ? `q-${question.name}-${question.kind === 'feeling' ? 1 : question.options[0]}`
    : `q-${question.name}`;
}

interface QuestionProps {
  type: Draft['type'];
  question: Question;
  draft: Draft;
  error: string | undefined;
  onAnswer: (name: string, value: string | number | string[]) => void;
}

function QuestionField({ type, question, draft, error, onAnswer }: QuestionProps) {
  const { name } = question;
  const label = questionLabel(type, name);
  const value = draft.answers[name];
  switch (question.kind) {
    case 'text': {
      const text = typeof value === 'string' ? value : '';
      return (
        <TextArea
          id={`q-${name}`}
          label={label}
          hint={t('views.charactersLeft', { count: MAX_TEXT - text.length })}
          error={error}
          value={text}
          onInput={(next) => onAnswer(name, next)}
        />
      );
    }
    case 'date':
      return (
        <TextInput
          id={`q-${name}`}
          type="date"
          width="medium"
          label={label}
          error={error}
          value={typeof value === 'string' ? value : ''}
          onInput={(next) => onAnswer(name, next)}
        />
      );
    case 'feeling':
      return (
        <Fieldset id={`q-${name}`} legend={label} legendClass="fieldset__legend fieldset__legend--large">
          <div class="feelings">
            {FEELINGS.map((feeling) => (
              <Choice
                key={feeling}
                type="radio"
                id={`q-${name}-${feeling}`}
                name={name}
                value={String(feeling)}
                label={
                  <>
                    <span aria-hidden="true">{FEELING_EMOJI[feeling]}</span> {t(`views.opt.feeling.${feeling}`)}
                  </>
                }
                checked={value === feeling}
                onChange={(checked) => checked && onAnswer(name, feeling)}
              />
            ))}
          </div>
        </Fieldset>
      );
    case 'radio':
    case 'checkbox': {
      const chosen = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
      const other = question.other;
      return (
        <Fieldset id={`q-${name}`} legend={label} error={error}>
          {question.options.map((option) => (
            <Choice
              key={option}
              type={question.kind}
              id={`q-${name}-${option}`}
              name={name}
              value={option}
              label={optionLabel(name, option)}
              checked={chosen.includes(option)}
              onChange={(checked) => {
                if (question.kind === 'radio') onAnswer(name, option);
                else onAnswer(name, checked ? [...chosen, option] : chosen.filter((one) => one !== option));
              }}
              reveal={
                other && option === 'other' ? (
                  <TextInput
                    id={`q-${other}`}
                    label={questionLabel(type, other)}
                    value={typeof draft.answers[other] === 'string' ? String(draft.answers[other]) : ''}
                    onInput={(next) => onAnswer(other, next.slice(0, 200))}
                  />
                ) : undefined
              }
            />
          ))}
        </Fieldset>
      );
    }
  }
}
