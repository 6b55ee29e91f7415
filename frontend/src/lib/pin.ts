// The PIN rule, as the server checks it (harbour.credentials.PIN_PATTERN), so the app can
// say what is wrong before sending anything.

/** Weak PINs the server refuses: all one digit, or every digit going up (or down). */
export function weakPin(pin: string): boolean {
  if (/^(\d)\1+$/.test(pin) || pin === '1234567890' || pin === '0987654321') return true;
  const digits = [...pin].map(Number);
  const rising = digits.every((digit, index) => index === 0 || digit > (digits[index - 1] ?? 0));
  const falling = digits.every((digit, index) => index === 0 || digit < (digits[index - 1] ?? 0));
  return rising || falling;
}
