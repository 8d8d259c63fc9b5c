import type { McpServerView, StdioAllowEntry } from '../types';

export interface ServerFormProps {
  /** The server to edit; omitted = add a new one. */
  server?: McpServerView;
  stdioAllowList: StdioAllowEntry[];
  onsaved: (server: McpServerView) => void;
  oncancel: () => void;
}
