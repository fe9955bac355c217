/**
 * RunnerIQ's side of GitLab: what is shared by the client, the mapping and the webhooks (secrets
 * that never print, GitLab's several timestamp spellings, the lenient JSON mapper). Sub-packages
 * hold the client, the models, the mapping to the core and the webhook receiver.
 */
@NullMarked
package dev.runneriq.gitlab;

import org.jspecify.annotations.NullMarked;
