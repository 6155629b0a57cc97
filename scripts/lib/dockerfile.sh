# shellcheck shell=bash
# Reads the project's Dockerfile the way Tests/DeploymentTests/Support/Dockerfile.swift does, so that
# scripts/image-check.sh rebuilds exactly what the Dockerfile says (the suite checks both agree).
#   dockerfile_instructions FILE        one instruction per line: continuations joined, comments dropped
#   dockerfile_stage FILE NAME          the instructions of stage NAME, without its FROM
#   dockerfile_stage_base FILE NAME     its base image, global ARG defaults substituted
#   dockerfile_arg FILE NAME            a global ARG's default
#   dockerfile_apt_packages FILE NAME   every package an `apt-get install` in that stage names

dockerfile_instructions() {
    awk '
        { line = $0; sub(/^[ \t]+/, "", line); sub(/[ \t]+$/, "", line) }
        line ~ /^#/ { next }
        line == "" && cur == "" { next }
        line ~ /\\$/ { cur = cur substr(line, 1, length(line) - 1) " "; next }
        { cur = cur line; if (cur ~ /[^ \t]/) print cur; cur = "" }
        END { if (cur != "") print cur }
    ' "$1"
}

dockerfile_arg() {
    dockerfile_instructions "$1" | awk -v name="$2" '
        toupper($1) == "FROM" { exit }
        toupper($1) == "ARG" { split($2, kv, "="); if (kv[1] == name) { sub(/^[^=]*=/, "", $2); print $2; exit } }
    '
}

# The lines of stage $2: from its `FROM ... AS $2` up to the next FROM.
dockerfile_stage() {
    dockerfile_instructions "$1" | awk -v name="$2" '
        toupper($1) == "FROM" { inside = (toupper($3) == "AS" && $4 == name); next }
        inside { print }
    '
}

dockerfile_stage_base() {
    local base arg value
    base=$(dockerfile_instructions "$1" | awk -v name="$2" 'toupper($1) == "FROM" && toupper($3) == "AS" && $4 == name { print $2; exit }')
    [ -n "$base" ] || return 1
    for arg in $(dockerfile_instructions "$1" | awk 'toupper($1) == "FROM" { exit } toupper($1) == "ARG" { split($2, kv, "="); print kv[1] }'); do
        value=$(dockerfile_arg "$1" "$arg")
        base=${base//\$\{$arg\}/$value}
        base=${base//\$$arg/$value}
    done
    echo "$base"
}

# Words after `install` in each `apt-get install` (or `apt install`) command of the stage's RUNs:
# options and `-o` values (A::B=c) left out, a pin name=version read as name; commands split at && and ;.
dockerfile_apt_packages() {
    dockerfile_stage "$1" "$2" | awk '
        toupper($1) != "RUN" { next }
        {
            sub(/^[^ ]+ +/, "")
            gsub(/&&/, "\n"); gsub(/;/, "\n")
            n = split($0, commands, "\n")
            for (c = 1; c <= n; c++) {
                w = split(commands[c], words, " ")
                apt = 0; install = 0
                for (i = 1; i <= w; i++) {
                    if (!apt) { if (words[i] == "apt-get" || words[i] == "apt") apt = 1; continue }
                    if (!install) { if (words[i] == "install") install = 1; continue }
                    if (words[i] !~ /^-/ && words[i] !~ /::/) { sub(/=.*/, "", words[i]); print words[i] }
                }
            }
        }
    '
}
