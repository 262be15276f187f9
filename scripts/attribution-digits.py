#!/usr/bin/env python3
"""Writes the digits data set that scikit-learn ships (1,797 8x8 images of handwritten digits,
UCI ML hand-written digits, 64 features of 0..16) as an OpenLedger attribution input:

- 1,437 training images become contributions in the raw format (label u16 LE + 64 i8: each
  pixel times 7, so 0..112), files named by their blake2-256 under content/ab/<hash>;
- 10% of the training labels (a fixed, seeded choice) are flipped to another digit, and their
  ids written to flipped.txt;
- the other 360 images, with their true labels, are the evaluation set (evaluation.bin).

Usage: attribution-digits.py OUT_DIR [--seed N] [--flip-percent P]
"""
import argparse, hashlib, os, random, struct

from sklearn.datasets import load_digits

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("--flip-percent", type=int, default=10)
args = parser.parse_args()

digits = load_digits()
rng = random.Random(args.seed)
order = list(range(len(digits.target)))
rng.shuffle(order)
train, evaluation = order[:1437], order[1437:]

def raw(label, pixels):
    return struct.pack("<H", int(label)) + bytes((int(p) * 7) & 0xFF for p in pixels)

content = os.path.join(args.out, "content")
os.makedirs(content, exist_ok=True)
flip_count = len(train) * args.flip_percent // 100
flipped = set(rng.sample(range(len(train)), flip_count))
curator = hashlib.blake2b(b"openledger/digits-curator", digest_size=32).hexdigest()
with open(os.path.join(args.out, "contributions.csv"), "w") as csv, \
        open(os.path.join(args.out, "flipped.txt"), "w") as flips:
    csv.write("id,content_hash,contributor,curator,curation_fee_ppb\n")
    for cid, index in enumerate(train):
        label = int(digits.target[index])
        if cid in flipped:
            label = (label + rng.randrange(1, 10)) % 10
            flips.write(f"{cid}\n")
        data = raw(label, digits.data[index])
        h = hashlib.blake2b(data, digest_size=32).hexdigest()
        os.makedirs(os.path.join(content, h[:2]), exist_ok=True)
        with open(os.path.join(content, h[:2], h), "wb") as f:
            f.write(data)
        account = hashlib.blake2b(b"openledger/digits-annotator" + struct.pack("<I", cid % 50), digest_size=32).hexdigest()
        csv.write(f"{cid},0x{h},0x{account},0x{curator},100000000\n")
with open(os.path.join(args.out, "evaluation.bin"), "wb") as f:
    for index in evaluation:
        record = raw(digits.target[index], digits.data[index])
        f.write(struct.pack("<I", len(record)) + record)
print(f"digits: {len(train)} contributions ({flip_count} flipped), {len(evaluation)} queries -> {args.out}")
