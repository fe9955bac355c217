/**
 * A thin typed client for GitLab's REST API v4 and the one GraphQL query RunnerIQ needs, on {@code
 * java.net.http}: token auth, timeouts, retry with backoff, {@code Retry-After}, a client-side rate
 * limit and both kinds of pagination. The token never appears in logs, exceptions or toString.
 */
@NullMarked
package dev.runneriq.gitlab.client;

import org.jspecify.annotations.NullMarked;
