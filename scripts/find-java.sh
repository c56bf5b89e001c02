# Sourced by ./clawdbot and .ci/run: sets JAVA_HOME to a JDK 21 or newer, or explains why it cannot.
# Order: $JAVA_HOME, `java` on PATH, then the usual install roots (newest first).

clawdbot_java_major() {
  # Prints the feature version of the java binary in $1 (e.g. 21), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | sed 's/^1\.//'
}

clawdbot_find_java() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    candidates+=("$c")
  fi
  for root in /usr/lib/jvm /usr/java /opt/java /opt /Library/Java/JavaVirtualMachines; do
    [ -d "$root" ] || continue
    while IFS= read -r c; do
      [ -x "$c/bin/java" ] && candidates+=("$c")
      [ -x "$c/Contents/Home/bin/java" ] && candidates+=("$c/Contents/Home")
    done < <(ls -1d "$root"/*/ 2>/dev/null | sed 's:/$::' | sort -rV)
  done
  local tried=""
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] || continue
    major=$(clawdbot_java_major "$c/bin/java")
    tried="$tried\n  $c (Java ${major:-unknown})"
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$c"
      # Maven's Guice uses sun.misc.Unsafe; JDK 24+ warns on every build unless told this is expected.
      if [ "$major" -ge 24 ] 2>/dev/null; then
        case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
      fi
      return 0
    fi
  done
  printf 'clawdbot: no JDK 21 or newer found.%b\n' "${tried:-\n  (no JDK found at all)}" >&2
  printf 'Install one (e.g. `apt-get install openjdk-21-jdk-headless`) or set JAVA_HOME to it.\n' >&2
  return 1
}
