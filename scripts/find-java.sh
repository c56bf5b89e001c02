# Sourced by ./clawdbot, bin/clawdbot, ./test and scripts/bench: sets JAVA_HOME to a JDK 21 or newer, or explains
# why it cannot; and (for the launchers) chooses the JVM class cache that makes start-up fast.
# Order: $JAVA_HOME, `java` on PATH, then the usual install roots (newest first).

clawdbot_java_major() {
  # Prints the feature version of the java binary in $1 (e.g. 21), or nothing. Reads the JDK's `release`
  # file when there is one: starting a JVM only to ask its version costs 0.1-0.3 s on every launch.
  local home v
  home=$(dirname "$(dirname "$1")")
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*/\1/p' "$home/release" | head -n 1)
    if [ -n "$v" ]; then
      case "$v" in 1.*) v=${v#1.} ;; esac
      echo "${v%%.*}"
      return
    fi
  fi
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

clawdbot_class_cache() {
  # Chooses the JVM's class cache for a launcher and sets CLAWDBOT_CACHE_OPTS (an array) to the options that
  # use it. $1: the cache directory (created if needed; empty = no cache); $2: the classpath; $3: 1 when this
  # launch may train a missing cache (a `serve`); $4...: the jars the cache depends on.
  # JDK 24+: an AOT cache (JEP 483/514/515: classes loaded and linked ahead of time, method profiles) built
  # by a training run of `serve --exit-when-ready` (clawdbot_train_aot_cache). JDK 21-23: a dynamic AppCDS archive
  # the JVM writes at the first exit. The file name carries a checksum of the JDK, the JVM options and every
  # jar's name, size and time, so a rebuilt program or another JDK never meets a stale cache; the JVM checks
  # the class path again itself and runs without a cache it cannot use. A failed training is not retried
  # until something in the key changes, and never stops start-up. CLAWDBOT_CLASS_CACHE=off runs without a
  # cache; =cds uses the AppCDS archive on any JDK.
  local dir="$1" cp="$2" may_train="$3"
  shift 3
  CLAWDBOT_CACHE_OPTS=()
  [ -n "$dir" ] && [ "${CLAWDBOT_CLASS_CACHE:-on}" != off ] || return 0
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
  local major key base
  major=$(clawdbot_java_major "$JAVA_HOME/bin/java")
  key=$({ echo "$JAVA_HOME ${CLAWDBOT_JAVA_OPTS:-}"; cat "$JAVA_HOME/release" 2>/dev/null; stat -L -c '%n %s %Y' "$@"; } | cksum | cut -d' ' -f1) || return 0
  base="$dir/clawdbot-$key"
  if [ "${major:-0}" -lt 24 ] 2>/dev/null || [ "${CLAWDBOT_CLASS_CACHE:-}" = cds ]; then
    CLAWDBOT_CACHE_OPTS=(-XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$base.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
    # A new key means a rebuilt program or another JDK: the archives of earlier ones are never used again.
    [ -e "$base.jsa" ] || find "$dir" -maxdepth 1 -name 'clawdbot-*.jsa' -delete 2>/dev/null
    return 0
  fi
  if [ ! -s "$base.aot" ] && [ ! -e "$base.failed" ] && [ "$may_train" = 1 ]; then
    clawdbot_train_aot_cache "$base" "$cp" || true
  fi
  [ -s "$base.aot" ] && CLAWDBOT_CACHE_OPTS=("-XX:AOTCache=$base.aot" -Xlog:aot=off -Xlog:cds=off)
  return 0
}

clawdbot_train_aot_cache() {
  # Two starts of `serve --exit-when-ready` on an empty data dir and a free port: the first creates the schema,
  # the second (recorded) starts the way every later start does, with the schema in place and Flyway skipped;
  # then the JVM assembles the cache from the recording.
  local base="$1" cp="$2" tmp rc=0 step
  tmp=$(mktemp -d "${base}.training.XXXXXX") || { : >"$base.failed"; return 1; }
  echo "clawdbot: building the start-up cache for this JDK and build (once, about 10-30 s)..." >&2
  for step in prepare record create; do
    local opts=()
    case "$step" in
      record) opts=(-XX:AOTMode=record "-XX:AOTConfiguration=$tmp/app.aotconf") ;;
      create) opts=(-XX:AOTMode=create "-XX:AOTConfiguration=$tmp/app.aotconf" "-XX:AOTCache=$tmp/app.aot") ;;
    esac
    local args=(dev.clawdbot.app.Main --data "$tmp/data" serve --exit-when-ready)
    [ "$step" = create ] && args=()
    echo "== $step" >>"$tmp/training.log"
    # A clean environment: the user's TELEGRAM_BOT_TOKEN, model keys or config must not make a training run
    # poll a real bot (and consume its updates) or call a provider. JVM option variables stay, as they shape
    # the cache.
    # shellcheck disable=SC2086
    if ! env -i PATH="$PATH" HOME="${HOME:-/}" TMPDIR="${TMPDIR:-/tmp}" CLAWDBOT_PORT=0 \
        ${JAVA_TOOL_OPTIONS+"JAVA_TOOL_OPTIONS=$JAVA_TOOL_OPTIONS"} ${JDK_JAVA_OPTIONS+"JDK_JAVA_OPTIONS=$JDK_JAVA_OPTIONS"} \
        "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
        ${opts[@]+"${opts[@]}"} -Xlog:aot=off -Xlog:cds=off ${CLAWDBOT_JAVA_OPTS:-} -cp "$cp" ${args[@]+"${args[@]}"} \
        >>"$tmp/training.log" 2>&1; then
      rc=1
      break
    fi
  done
  if [ "$rc" = 0 ] && mv -f "$tmp/app.aot" "$base.aot" 2>>"$tmp/training.log"; then
    # Caches of earlier builds or JDKs are never used again.
    find "$(dirname "$base")" -maxdepth 1 \( -name 'clawdbot-*.aot' -o -name 'clawdbot-*.failed' \) ! -path "$base.aot" -delete 2>/dev/null
  else
    echo "clawdbot: could not build the start-up cache; starting without it (log: $base.failed)" >&2
    cp "$tmp/training.log" "$base.failed" 2>/dev/null || : >"$base.failed"
    rc=1
  fi
  rm -rf "$tmp"
  return $rc
}
