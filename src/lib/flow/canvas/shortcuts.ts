/** Keyboard shortcuts of the editor page, as a pure mapping from a key event to an action. */
export type ShortcutAction = 'undo' | 'redo' | 'copy' | 'paste' | 'save' | 'duplicate' | 'selectAll';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function shortcutFor(e: KeyLike): ShortcutAction | null {
  const mod = e.ctrlKey || e.metaKey;
  if (!mod || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  if (e.shiftKey) return null;
  if (key === 's') return 'save';
  if (key === 'c') return 'copy';
  if (key === 'v') return 'paste';
  if (key === 'd') return 'duplicate';
  if (key === 'a') return 'selectAll';
  return null;
}

/** Text fields keep their own copy, paste and select-all; undo/redo and save stay global. */
export function isTextTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable || !!el.closest('[contenteditable="true"], .cm-editor');
}

export function handlesInTextField(action: ShortcutAction): boolean {
  return action === 'undo' || action === 'redo' || action === 'save';
}
