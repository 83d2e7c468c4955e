#!/usr/bin/env python3
"""Pre-signed, unique webhook bodies for bench/run (stdlib only).

Writes COUNT lines "<signature> <body>" to OUT: each body is the sample envelope, compact JSON, with its own
event id (evcus_bench_<phase>_<n>), transaction id (vtx_bench_<phase>_<n>), voucher id (v_bench_<phase>_<n>) and
customer email (<phase>-<n>@example.com); the signature is the lowercase hex HMAC-SHA256 of exactly those bytes.
"""
import argparse
import hashlib
import hmac
import json

parser = argparse.ArgumentParser()
parser.add_argument("--sample", required=True)
parser.add_argument("--secret", required=True)
parser.add_argument("--phase", required=True)
parser.add_argument("--count", type=int, required=True)
parser.add_argument("--out", required=True)
args = parser.parse_args()

with open(args.sample, encoding="utf-8") as f:
    sample = json.load(f)
secret = args.secret.encode("utf-8")

with open(args.out, "w", encoding="utf-8", newline="\n") as out:
    for n in range(1, args.count + 1):
        tag = f"bench_{args.phase}_{n:06d}"
        sample["event"]["id"] = f"evcus_{tag}"
        sample["data"]["transaction"]["id"] = f"vtx_{tag}"
        sample["data"]["voucher"]["id"] = f"v_{tag}"
        sample["data"]["transaction"]["voucher_id"] = f"v_{tag}"
        sample["data"]["customer"]["email"] = f"{args.phase}-{n:06d}@example.com"
        body = json.dumps(sample, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        assert b"\n" not in body
        signature = hmac.new(secret, body, hashlib.sha256).hexdigest()
        out.write(signature + " " + body.decode("utf-8") + "\n")
