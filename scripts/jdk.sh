# Sourced by .ci/run and ./care: exports JAVA_HOME as a JDK 21+ (JAVA_HOME if it is one, else the
# first under /usr/lib/jvm) and puts it first on PATH.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

use_jdk_21_or_newer() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [[ -n $candidate && -x $candidate/bin/javac ]] || continue
    if (( $(java_major "$candidate") >= 21 )); then
      export JAVA_HOME=$candidate
      export PATH=$JAVA_HOME/bin:$PATH
      return
    fi
  done
  echo "no JDK 21+ found (looked at JAVA_HOME and /usr/lib/jvm/*); install one and set JAVA_HOME" >&2
  exit 1
}
