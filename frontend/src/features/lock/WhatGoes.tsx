// What letting the lock go would lose for good, counted before the person chooses: on
// "Forgot your lock code?", "Too many wrong codes" and "Sign out" with the lock on.
import { t } from '../../core/i18n';
import type { lostWithTheLock } from './lock';

export type Lost = Awaited<ReturnType<typeof lostWithTheLock>>;

export function WhatGoes({ lost }: { lost: Lost }) {
  if (lost.own === 0 && lost.others === 0 && lost.unsent === 0) return null;
  return (
    <ul class="inset inset--warning" data-testid="lock-loses">
      {lost.own > 0 && <li>{t('lock.forgot.loseDrafts', { count: lost.own })}</li>}
      {lost.others > 0 && <li>{t('lock.forgot.loseOthers', { count: lost.others })}</li>}
      {lost.unsent > 0 && <li>{t('lock.forgot.loseUnsent', { count: lost.unsent })}</li>}
    </ul>
  );
}
