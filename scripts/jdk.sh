# Sourced by the scripts: find_jdk sets JAVA_HOME to a JDK of version 21 or later; find_maven picks Maven.
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

# Sets maven to the project's Maven Wrapper (./mvnw, which downloads the Maven that
# .mvn/wrapper/maven-wrapper.properties pins once into ~/.m2/wrapper), or to the mvn on PATH
# when the wrapper cannot start Maven (offline on first use, say).
find_maven() {
    local root="$1" why
    if why=$("$root/mvnw" --version 2>&1); then
        maven="$root/mvnw"
    elif command -v mvn >/dev/null; then
        echo "langevin: ./mvnw could not start Maven ($(printf '%s\n' "$why" | tail -n 1)); using $(command -v mvn) instead." >&2
        maven=mvn
    else
        printf '%s\n' "$why" | tail -n 3 >&2
        echo "langevin: Maven is needed: ./mvnw could not download it and no mvn is installed (apt-get install maven)." >&2
        return 1
    fi
}
