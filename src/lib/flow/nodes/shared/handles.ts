/** Which sides of a node take connections, read from the spec's connection rules (not repeated here). */
import { allowedTargets, NODE_TYPES, type NodeType } from '$lib/spec';

export function handlesFor(type: NodeType): { input: boolean; output: boolean } {
  return {
    input: NODE_TYPES.some((source) => allowedTargets(source).includes(type)),
    output: allowedTargets(type).length > 0
  };
}
