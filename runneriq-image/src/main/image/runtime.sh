#!/usr/bin/env bash
# Makes the image's own runtime in OUT (a root file system that Jib adds as one layer):
#   OUT/opt/java      a Java runtime jlinked from the building JDK (JAVA_HOME), only MODULES
#   OUT/lib*, /usr/.. the C library files that runtime's programs and libraries link against,
#                     copied from the building machine (ldd names them), and a list of where each
#                     came from (its Debian package and version, when dpkg knows the file)
#   OUT/tmp, OUT/var/lib/runneriq   empty folders the service writes to
# No base image is pulled: the image is built FROM scratch, so it builds with no registry.
# Usage: runtime.sh OUT MODULES
set -euo pipefail

out="${1:?usage: runtime.sh OUT MODULES}"
modules="${2:?usage: runtime.sh OUT MODULES}"
jdk="${JAVA_HOME:?JAVA_HOME must name the JDK to jlink the runtime from}"

if [ "$(uname -s)" != Linux ]; then
  echo "runtime.sh: the image's runtime is jlinked from the building JDK, so it must be built on Linux (this is $(uname -s))" >&2
  exit 2
fi
for tool in ldd "$jdk/bin/jlink"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "runtime.sh: $tool is missing" >&2; exit 2; }
done

rm -rf "$out"
mkdir -p "$out/opt" "$out/tmp" "$out/var/lib/runneriq" "$out/usr/share/doc/runneriq-image"

"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$out/opt/java"

# Every shared library a program or library of the runtime loads, by the paths the loader uses.
libs="$(find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
  xargs -0 ldd 2>/dev/null |
  sed -n -e 's/.*=> \(\/[^ ]*\) (0x.*/\1/p' -e 's/^[[:space:]]*\(\/[^ ]*\) (0x.*/\1/p' |
  grep -v "^$out" | sort -u)"
if ! grep -q 'libc\.so' <<<"$libs"; then
  echo "runtime.sh: ldd found no C library for $out/opt/java/bin/java; is this a glibc system?" >&2
  exit 2
fi

sources="$out/usr/share/doc/runneriq-image/c-libraries.txt"
echo "# C library files in this image, copied from the machine that built it" >"$sources"
for lib in $libs; do
  # -L: the file itself, not a symbolic link to it, at the path the loader asks for
  cp -L --parents "$lib" "$out"
  # dpkg knows a file by the path its package ships it at: the loader's, or the link's target
  package="$( { dpkg-query -S "$lib" || dpkg-query -S "$(readlink -f "$lib")"; } 2>/dev/null |
    head -n 1 | cut -d: -f1 || true)"
  if [ -n "$package" ]; then
    version="$(dpkg-query -W -f '${Version}' "$package" 2>/dev/null || true)"
    echo "$lib Debian package $package $version" >>"$sources"
  else
    echo "$lib (no package manager knows this file)" >>"$sources"
  fi
done
echo "runtime.sh: $(du -sh "$out" | cut -f1) in $out: Java $("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p') (${modules}), $(wc -w <<<"$libs") C library files"
