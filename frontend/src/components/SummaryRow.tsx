// One row of a summary list (<dl class="summary-list">): what it is, and its value.
import type { ComponentChildren } from 'preact';

interface Props {
  term: ComponentChildren;
  /** The value's class, such as "history__text" for text that keeps its line breaks. */
  class?: string;
  children?: ComponentChildren;
}

export function SummaryRow({ term, class: valueClass, children }: Props) {
  return (
    <div>
      <dt>{term}</dt>
      <dd class={valueClass}>{children}</dd>
    </div>
  );
}
