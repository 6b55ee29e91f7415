// A component drawn again only when its props change (compared one by one): when a long list's
// page draws again (an IndexedDB read answering, one item's answer saved), the items whose props
// are the same cost nothing. The pledge's 28 promises were each drawn four times as it opened.
// preact/compat's `memo` does the same, but importing compat changes how Preact works.
import { Component, createElement, type FunctionComponent } from 'preact';

function changed(before: object, after: object): boolean {
  const was = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  for (const key in was) if (!(key in now)) return true;
  for (const key in now) if (was[key] !== now[key]) return true;
  return false;
}

export function memo<P extends object>(component: FunctionComponent<P>): FunctionComponent<P> {
  // Preact calls a function component with its instance as `this`; the drawn component is a
  // child, so its own state changes still draw it.
  function Memo(this: Component<P>, props: P) {
    this.shouldComponentUpdate = (next: P) => changed(this.props, next);
    return createElement(component, props);
  }
  return Memo;
}
