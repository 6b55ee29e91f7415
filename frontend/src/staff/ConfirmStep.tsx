// "Are you sure?" inside the page (GOV.UK style, no dialog): the question takes focus so a
// keyboard or screen reader user hears it first, then a warning "Yes" and a way back.
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  question: string;
  yes: string;
  no: string;
  busy: boolean;
  onYes: () => void;
  onNo: () => void;
}

export function ConfirmStep({ question, yes, no, busy, onYes, onNo }: Props) {
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => questionRef.current?.focus(), []);
  return (
    <div class="inset inset--warning">
      <p ref={questionRef} tabIndex={-1}>
        {question}
      </p>
      <div class="button-group">
        <button type="button" class="button button--warning" disabled={busy} onClick={onYes}>
          {yes}
        </button>
        <button type="button" class="button button--secondary" onClick={onNo}>
          {no}
        </button>
      </div>
    </div>
  );
}
