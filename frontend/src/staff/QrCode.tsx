// A QR code as an image with a name (role="img" + <title>), dark on a white quiet zone
// whatever the page's colours, so phone cameras can read it.
import { useMemo } from 'preact/hooks';
import { qrSymbol } from './qr';

export function QrCode({ text, label, id }: { text: string; label: string; id: string }) {
  const symbol = useMemo(() => qrSymbol(text), [text]);
  return (
    <svg
      class="qr"
      role="img"
      aria-labelledby={`${id}-title`}
      viewBox={`0 0 ${symbol.size} ${symbol.size}`}
      shape-rendering="crispEdges"
      data-testid="invite-qr"
    >
      <title id={`${id}-title`}>{label}</title>
      <rect width={symbol.size} height={symbol.size} fill="#fff" />
      <path d={symbol.path} fill="#000" />
    </svg>
  );
}
