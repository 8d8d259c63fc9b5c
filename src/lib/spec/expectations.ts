import type { SpecTest } from './schema.js';

export type TurnExpectation = NonNullable<SpecTest['turns'][number]['expect']>;

export interface TurnOutcome {
	reply: string;
	/** Final (prefixed) names of the tools the agent called during the turn. */
	toolCalls: readonly string[];
}

/**
 * What a `tests:` turn got wrong; empty when it passed. One set of rules and wording for
 * `agentspec test` and the editor's test panel.
 */
export function checkTurn(expect: TurnExpectation | undefined, outcome: TurnOutcome): string[] {
	const failures: string[] = [];
	const lower = outcome.reply.toLowerCase();
	for (const tool of expect?.toolCalls ?? []) {
		if (!outcome.toolCalls.includes(tool)) failures.push(`expected a call to ${tool}; called: ${outcome.toolCalls.join(', ') || 'no tools'}`);
	}
	for (const s of expect?.replyContains ?? []) {
		if (!lower.includes(s.toLowerCase())) failures.push(`reply does not contain "${s}"`);
	}
	for (const s of expect?.replyNotContains ?? []) {
		if (lower.includes(s.toLowerCase())) failures.push(`reply contains "${s}"`);
	}
	return failures;
}
