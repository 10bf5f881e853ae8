#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS_EACH seconds (default 720). Needs cargo-fuzz;
# RUSTC_BOOTSTRAP=1 lets a stable toolchain build with the nightly-only flags cargo-fuzz uses.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${SECONDS_EACH:-720}
for target in ${TARGETS:-front_matter article links}; do
    if [ ! -d "corpus/$target" ]; then
        # Seeds: every article of the fixtures and of the sample KB.
        mkdir -p "corpus/$target"
        find ../tests/fixtures ../articles -name '*.md' -print0 |
            xargs -0 -I{} sh -c 'cp "$1" "corpus/'"$target"'/$(echo "$1" | tr / _)"' _ {}
    fi
    max_len=4096
    [ "$target" = article ] && max_len=65536
    RUSTC_BOOTSTRAP=1 cargo fuzz run -s none "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len="$max_len" \
        -print_final_stats=1 > "fuzz-$target.log" 2>&1
    echo "$target: exit $?" >> fuzz-summary.log
done
