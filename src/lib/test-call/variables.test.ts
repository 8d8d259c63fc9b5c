import { describe, expect, it } from 'vitest';
import { PIPELINE_YAML } from '../spec/testing';
import { collectVariables, draftInfo, mergeRows } from './variables';

describe('draftInfo', () => {
  it('reads defaults and tests from the draft', () => {
    const info = draftInfo(PIPELINE_YAML);
    expect(info.variables).toEqual([{ key: 'shop', value: "Luigi's", source: 'default' }]);
    expect(info.tests).toEqual([
      { name: 'reads the menu', turns: [{ user: 'What pizzas do you have?', expect: { toolCalls: ['menu_get_menu'], replyContains: ['margherita'] } }] }
    ]);
  });

  it('lists required inputs first (empty) and placeholders without a default', () => {
    const yaml = PIPELINE_YAML.replace('variables:                     # defaults; job metadata may override them at dispatch\n', 'inputs:\n  - name: caller\n    description: who calls\nvariables:\n').replace(
      'You take pizza orders for {{shop}}. Be brief.',
      'You take pizza orders for {{shop}}; the caller is {{caller}}.'
    );
    const rows = draftInfo(yaml).variables;
    expect(rows).toEqual([
      { key: 'caller', value: '', source: 'input', description: 'who calls' },
      { key: 'shop', value: "Luigi's", source: 'default' }
    ]);
  });

  it('gives empty lists for a draft that does not parse', () => {
    expect(draftInfo('nodes: [')).toEqual({ variables: [], tests: [] });
  });
});

describe('mergeRows', () => {
  it('keeps what the user typed, adds new draft rows, drops untouched rows the draft lost, keeps free rows', () => {
    const current = [
      { key: 'shop', value: 'Mario', source: 'default' as const },
      { key: 'gone', value: '', source: 'placeholder' as const },
      { key: 'extra', value: '1' }
    ];
    const fromDraft = [
      { key: 'shop', value: "Luigi's", source: 'default' as const },
      { key: 'city', value: 'Rome', source: 'default' as const }
    ];
    expect(mergeRows(current, fromDraft)).toEqual([
      { key: 'shop', value: 'Mario', source: 'default' },
      { key: 'city', value: 'Rome', source: 'default' },
      { key: 'extra', value: '1' }
    ]);
  });

  it('prefills from passed variables', () => {
    expect(mergeRows([], [{ key: 'shop', value: 'x', source: 'default' }], { shop: 'Passed', lang: 'it' })).toEqual([
      { key: 'shop', value: 'Passed', source: 'default' },
      { key: 'lang', value: 'it' }
    ]);
  });
});

describe('collectVariables', () => {
  it('sends named rows with values; leaves out empty ones; flags bad names, duplicates and empty inputs', () => {
    const { variables, errors } = collectVariables([
      { key: 'shop', value: 'Mario', source: 'default' },
      { key: 'tone', value: '' },
      { key: '', value: '' },
      { key: '9lives', value: 'x' },
      { key: 'shop', value: 'again' },
      { key: 'caller', value: '', source: 'input' },
      { key: ' lang ', value: 'it' }
    ]);
    expect(variables).toEqual({ shop: 'Mario', lang: 'it' });
    expect(Object.keys(errors)).toEqual(['3', '4', '5']);
    expect(errors[5]).toBe('caller is required by the agent.');
  });
});
