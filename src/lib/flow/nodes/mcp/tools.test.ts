import { describe, expect, it } from 'vitest';
import type { McpNode } from '$lib/spec';
import { setCached, setExposed, setToolMode, setTtl, toolMode } from './tools';

const base: McpNode = { id: 'menu', type: 'mcp', server: 'menu-api' };
const TOOLS = ['get_menu', 'place_order', 'cancel'];

describe('mcp tool checkboxes', () => {
  it('unchecking in "all" mode switches to an exclude list', () => {
    const next = setExposed(base, 'cancel', false, TOOLS);
    expect(next.tools).toEqual({ exclude: ['cancel'] });
    expect(toolMode(next)).toBe('exclude');
    expect(setExposed(next, 'cancel', true, TOOLS).tools).toBeUndefined();
  });

  it('include mode keeps server order and mode switches keep the same tools exposed', () => {
    let next = setToolMode(setExposed(base, 'cancel', false, TOOLS), 'include', TOOLS);
    expect(next.tools).toEqual({ include: ['get_menu', 'place_order'] });
    next = setExposed(setExposed(next, 'get_menu', false, TOOLS), 'get_menu', true, TOOLS);
    expect(next.tools).toEqual({ include: ['get_menu', 'place_order'] });
    expect(setToolMode(next, 'all', TOOLS).tools).toBeUndefined();
  });

  it('caching is opt-in per tool with one TTL, and hiding a tool uncaches it', () => {
    let next = setCached(base, 'get_menu', true);
    expect(next.cache).toEqual({ ttlSeconds: 300, tools: ['get_menu'] });
    next = setTtl(next, 60);
    expect(next.cache!.ttlSeconds).toBe(60);
    next = setExposed(next, 'get_menu', false, TOOLS);
    expect(next.cache).toBeUndefined();
  });
});
