/** Palette → canvas drag and drop carries the node type under this MIME type. */
export const DRAG_MIME = 'application/x-vas-node';
