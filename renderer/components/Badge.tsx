import type { ReactNode } from 'react';
import type { Tone } from '../lib/status';
import { Icon, type IconName } from './Icon';

export function Badge({ tone, icon, children, testId }: { tone: Tone; icon?: IconName; children: ReactNode; testId?: string }) {
  return (
    <span className={`badge tone-${tone}`} data-testid={testId}>
      {icon ? <Icon name={icon} size={14} /> : null}
      {children}
    </span>
  );
}
