/**
 * RunnerIQ as an MCP server (official MCP Java SDK): the tools an AI assistant may call about the
 * fleet, the queue, scoring, decisions, the audit log and the simulator, and the stdio and
 * streamable-HTTP servers that offer them. Tools only read and compute; none changes GitLab.
 */
@NullMarked
package dev.runneriq.app.mcp;

import org.jspecify.annotations.NullMarked;
