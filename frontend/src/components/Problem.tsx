// Why what the person asked for did not happen: an alert, so a screen reader says it at once.
// Nothing while there is no problem.
export function Problem({ text }: { text: string }) {
  return text ? (
    <p class="error-message" role="alert">
      {text}
    </p>
  ) : null;
}
