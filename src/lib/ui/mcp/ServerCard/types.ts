import type { McpServerView } from '../types';

export interface ServerCardProps {
  server: McpServerView;
  onedit: (server: McpServerView) => void;
  /** A fresher copy of the server from an action's response (the events stream follows anyway). */
  onchange: (server: McpServerView) => void;
  onremoved: (id: string) => void;
}
