/**
 * Readers and writers of the file formats in {@code docs/formats/}: the contracts with users and
 * with outside tests. Readers ignore unknown fields, keep unknown enum values as strings, and
 * reject a missing or mistyped field with a {@link dev.runneriq.formats.FormatException} naming the
 * file, the line or JSON pointer, and the field. {@link dev.runneriq.formats.RetryAfter} reads the
 * one HTTP header value the GitLab and carbon clients share.
 */
@NullMarked
package dev.runneriq.formats;

import org.jspecify.annotations.NullMarked;
