// A landmark named by its own h2 (aria-labelledby), so its name and its heading never drift apart.
import type { ComponentChildren } from 'preact';

interface Props {
  /** The heading's id. */
  id: string;
  title: string;
  as?: 'section' | 'nav';
  class?: string;
  titleClass?: string;
  children: ComponentChildren;
}

export function TitledSection({ id, title, as: Landmark = 'section', class: className, titleClass, children }: Props) {
  return (
    <Landmark class={className} aria-labelledby={id}>
      <h2 id={id} class={titleClass}>
        {title}
      </h2>
      {children}
    </Landmark>
  );
}
