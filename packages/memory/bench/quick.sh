#!/bin/sh
# Quick A/B: one subject, all four configurations, mixed and hit phases, one process each.
cd "$(dirname "$0")/.." && for p in mixed hit; do for c in "int 256" "int 1024" "string 256" "string 1024"; do
  node bench/child.mjs "$1" $c $p; done; done
