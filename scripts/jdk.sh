# Sourced by the scripts: sets JAVA_HOME to a JDK of version 21 or later.
# Looks at $JAVA_HOME first, then every JDK under /usr/lib/jvm, and takes the newest.

java_major() {
    local release="$1/release" version
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
    if [ -f "$release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
    else
        version=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    fi
    [ -n "$version" ] && echo "$version"
}

find_jdk() {
    local best="" best_major=0 candidate major
    if [ -n "${JAVA_HOME:-}" ] && major=$(java_major "$JAVA_HOME") && [ "$major" -ge 21 ]; then
        return 0
    fi
    for candidate in /usr/lib/jvm/*; do
        candidate=$(readlink -f "$candidate")
        major=$(java_major "$candidate") || continue
        if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best="$candidate"
            best_major="$major"
        fi
    done
    if [ -z "$best" ]; then
        echo "langevin: no JDK 21 or later found (looked at JAVA_HOME=${JAVA_HOME:-unset} and /usr/lib/jvm/*); install one, for example openjdk-21-jdk or Temurin 21+, or set JAVA_HOME." >&2
        return 1
    fi
    export JAVA_HOME="$best"
}
