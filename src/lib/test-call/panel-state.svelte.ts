/**
 * The test panel's state for one agent: mode, capabilities, variables and tests read from the
 * saved draft, and the two kinds of call. Kept per agent for the page's lifetime, so switching the
 * side panel's tab does not lose a text conversation (voice calls end when the panel closes: the
 * microphone must not stay open unseen).
 */
import { getDraft } from '$lib/flow/api/agents';
import * as api from './api';
import { explainError, type Explained } from './errors';
import type { SpecTest } from './test-runner';
import { TextCall } from './text-call.svelte';
import type { Capabilities, TestCallMode } from './types';
import { collectVariables, draftInfo, mergeRows, type VariableRow } from './variables';
import { VoiceCall } from './voice-call.svelte';

export class TestCallState {
  mode = $state<TestCallMode>('text');
  capabilities = $state.raw<Capabilities | null>(null);
  variables = $state<VariableRow[]>([]);
  variableErrors = $state.raw<Record<number, string>>({});
  tests = $state.raw<SpecTest[]>([]);
  /** the saved draft revision the form and tests were read from */
  draftRevision = $state<number | null>(null);
  draftError = $state.raw<Explained | null>(null);
  readonly text: TextCall;
  readonly voice: VoiceCall;

  private modeChosen = false;
  private passed: Record<string, string> = {};
  private loadingRevision: number | null = null;

  constructor(readonly agentId: string) {
    this.text = new TextCall(agentId);
    this.voice = new VoiceCall(agentId);
  }

  get call(): TextCall | VoiceCall {
    return this.mode === 'text' ? this.text : this.voice;
  }

  /** A call is starting, running or ending: the mode and the variables are locked. */
  get busy(): boolean {
    return this.text.status !== 'idle' || this.voice.active;
  }

  get callRevision(): number | null {
    return this.mode === 'text' ? (this.text.active ? this.text.revision : null) : this.voice.active ? this.voice.revision : null;
  }

  chooseMode(mode: TestCallMode): void {
    if (this.busy || (mode === 'voice' && !this.capabilities?.voice)) return;
    this.modeChosen = true;
    this.mode = mode;
  }

  async loadCapabilities(): Promise<void> {
    try {
      this.capabilities = await api.getCapabilities(this.agentId);
      if (!this.modeChosen && !this.busy) this.mode = this.capabilities.voice ? 'voice' : 'text';
    } catch (e) {
      // Unknown capabilities: text still works, voice stays off with the reason.
      const err = explainError(api.toCallError(e));
      this.capabilities = { voice: false, text: true, voiceHint: `${err.title}: ${err.message}` };
    }
  }

  /** Reads variables and tests from the saved draft, once per revision. */
  async loadDraft(revision?: number): Promise<void> {
    if (revision !== undefined && (revision === this.draftRevision || revision === this.loadingRevision)) return;
    this.loadingRevision = revision ?? null;
    try {
      const draft = await getDraft(this.agentId);
      if (this.draftRevision !== null && draft.revision < this.draftRevision) return;
      const info = draftInfo(draft.yaml);
      this.variables = mergeRows(this.variables, info.variables, this.passed);
      this.tests = info.tests;
      this.draftRevision = draft.revision;
      this.draftError = null;
    } catch (e) {
      this.draftError = explainError(api.toCallError(e));
    } finally {
      this.loadingRevision = null;
    }
  }

  /** Variables handed in by the page (e.g. the inspector's test values) prefill the form. */
  usePassedVariables(passed: Record<string, string> | undefined): void {
    this.passed = { ...(passed ?? {}) };
    if (passed && Object.keys(passed).length) this.variables = mergeRows(this.variables, this.variables, this.passed);
  }

  addVariable(): void {
    this.variables = [...this.variables, { key: '', value: '' }];
  }

  removeVariable(index: number): void {
    this.variables = this.variables.filter((_, i) => i !== index);
    this.variableErrors = {};
  }

  /** The form's variables, or null (with errors shown) when a row is wrong. */
  private checkedVariables(): Record<string, string> | null {
    const { variables, errors } = collectVariables(this.variables);
    this.variableErrors = errors;
    return Object.keys(errors).length ? null : variables;
  }

  async start(): Promise<void> {
    const variables = this.checkedVariables();
    if (!variables || this.busy) return;
    if (this.mode === 'text') await this.text.start(variables);
    else await this.voice.start(variables);
  }

  async hangUp(): Promise<void> {
    if (this.mode === 'text') await this.text.hangUp();
    else await this.voice.hangUp();
  }

  async runTests(): Promise<void> {
    const variables = this.checkedVariables();
    if (variables) await this.text.runTests(this.tests, variables);
  }
}

const states = new Map<string, TestCallState>();

export function testCallState(agentId: string): TestCallState {
  let state = states.get(agentId);
  if (!state) {
    state = new TestCallState(agentId);
    states.set(agentId, state);
  }
  return state;
}

/** Ends everything of an agent (leaving its page). */
export function disposeTestCallState(agentId: string): void {
  const state = states.get(agentId);
  if (!state) return;
  states.delete(agentId);
  state.text.dispose();
  state.voice.dispose();
}
