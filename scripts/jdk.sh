# Sourced by ./runneriq and ./check: finds a JDK >= 21 and exports JAVA_HOME to it.
# Looks at JAVA_HOME, java on PATH, then the usual install folders; prefers JAVA_HOME when new enough.

java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  local d
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* \
           "$HOME"/.jdks/*; do
    [ -d "$d" ] && candidates+=("$d")
  done
  local best="" best_major=0 home major
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major="$(java_major "$home/bin/java")"
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home"; best_major="$major"
      # JAVA_HOME wins when it is new enough
      [ "$home" = "${JAVA_HOME:-}" ] && break
    fi
  done
  [ -n "$best" ] && echo "$best"
}

jdk="$(find_jdk || true)"
if [ -z "$jdk" ]; then
  echo "runneriq: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /opt/java," >&2
  echo "          ~/.sdkman). Install one, or set JAVA_HOME to it." >&2
  exit 2
fi
export JAVA_HOME="$jdk"

# Maven's own libraries use sun.misc.Unsafe, which JDK 24+ warns about on every build; allow it
# quietly there (older JDKs do not know the flag).
if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
