import type { ConnectionStatus } from '../types';

export interface StatusBadgeProps {
  status: ConnectionStatus;
  isActive: boolean;
}
