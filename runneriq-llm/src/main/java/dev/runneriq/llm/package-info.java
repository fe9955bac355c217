/**
 * Tie-breakers that ask a language model to settle a near-tie: Anthropic's Messages API through the
 * official SDK, and OpenAI-compatible chat endpoints for self-hosted models. Every call is guarded
 * (deadline, budget, circuit breaker, answer validation), so a failure falls back to the rule order
 * and the decision says why.
 */
@NullMarked
package dev.runneriq.llm;

import org.jspecify.annotations.NullMarked;
