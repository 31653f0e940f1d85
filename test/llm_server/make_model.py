#!/usr/bin/env python3
"""Writes the tiny random-weight llama GGUF the test LLM server runs (about 125 KB).

    python3 test/llm_server/make_model.py            # write it if missing, print its path
    python3 test/llm_server/make_model.py --print    # print the path only
    python3 test/llm_server/make_model.py --out F    # write it to F (always)

No download and no dependency beyond the Python standard library: the GGUF (version 3) is
written here by hand. The model is a llama architecture with 1 block, n_embd 32, 4 heads,
feed-forward 64, f16/f32 weights drawn from a fixed seed, so the file is byte-for-byte the same on
every machine. Its vocabulary is self-made, SentencePiece style ("llama" tokenizer model):
<unk>, <s>, </s>, the 256 byte tokens <0x00>..<0xFF> (type BYTE, the fallback for any text),
lower-case letters, a few punctuation marks and English word pieces (with every prefix of each
piece, so the tokenizer's bigram merges can reach it), and the ChatML control tokens
<|im_start|> and <|im_end|> (llama.cpp takes <|im_end|> as end-of-turn). The chat template is
the standard ChatML Jinja template (llama.cpp recognises it as "chatml").

Random weights: the text is gibberish, but tokenization, the chat template, token counts,
streaming and timings are real llama.cpp.

The default path is ${MLFLOW_CPP_CACHE:-~/.cache/mlflow-cpp}/llm-test-models/
tiny-llama-chatml-v<MODEL_VERSION>.gguf: keyed by MODEL_VERSION, which changes whenever the
bytes this script writes would.
"""

import argparse
import array
import os
import pathlib
import random
import struct
import tempfile

MODEL_VERSION = "1"
MODEL_NAME = "mlflow-cpp-tiny-llama"
SEED = 20261201

N_EMBD = 32
N_LAYER = 1
N_HEAD = 4
N_HEAD_KV = 4
N_FF = 64
N_CTX = 4096
RMS_EPS = 1e-5

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

# Token types (llama.cpp's llama_token_type).
NORMAL, UNKNOWN, CONTROL, BYTE = 1, 2, 3, 6

SPACE = "\u2581"  # SentencePiece's word-boundary mark
WORDS = """the a and of to in is it you what how hello world model token trace span user
tool yes no paris""".split()
PIECES = """er th he an re on at en es or ing ed st ou""".split()
PUNCTUATION = list(".,!?:;'-0123456789")


def default_cache_dir():
    cache = os.environ.get("MLFLOW_CPP_CACHE")
    if not cache:
        cache = os.path.join(os.path.expanduser("~"), ".cache", "mlflow-cpp")
    return pathlib.Path(cache)


def default_model_path():
    return default_cache_dir() / "llm-test-models" / f"tiny-llama-chatml-v{MODEL_VERSION}.gguf"


def vocabulary():
    """(tokens, scores, types): special tokens, bytes, then pieces by decreasing score."""
    tokens = ["<unk>", "<s>", "</s>"]
    types = [UNKNOWN, CONTROL, CONTROL]
    tokens += [f"<0x{b:02X}>" for b in range(256)]
    types += [BYTE] * 256
    pieces = []

    def add(piece):
        if piece not in pieces:
            pieces.append(piece)

    add(SPACE)
    for c in "abcdefghijklmnopqrstuvwxyz":
        add(c)
    for c in PUNCTUATION:
        add(c)
    for word in WORDS + PIECES:
        # every prefix, so that some chain of bigram merges builds the whole piece
        for form in (SPACE + word, word) if word in WORDS else (word,):
            for end in range(2, len(form) + 1):
                add(form[:end])
    scores = [0.0] * len(tokens)
    # Longer pieces merge first (SentencePiece: the higher score wins).
    for i, piece in enumerate(pieces):
        tokens.append(piece)
        types.append(NORMAL)
        scores.append(-1.0 - i / 100.0 + len(piece))
    tokens += ["<|im_start|>", "<|im_end|>"]
    types += [CONTROL, CONTROL]
    scores += [0.0, 0.0]
    return tokens, scores, types


# --- GGUF writing ---------------------------------------------------------------------------------
GGUF_UINT32, GGUF_INT32, GGUF_FLOAT32, GGUF_BOOL, GGUF_STRING, GGUF_ARRAY = 4, 5, 6, 7, 8, 9
GGML_F32, GGML_F16 = 0, 1
ALIGNMENT = 32


def gguf_string(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def gguf_value(kind, value):
    if kind == GGUF_UINT32:
        return struct.pack("<I", value)
    if kind == GGUF_INT32:
        return struct.pack("<i", value)
    if kind == GGUF_FLOAT32:
        return struct.pack("<f", value)
    if kind == GGUF_BOOL:
        return struct.pack("<B", 1 if value else 0)
    if kind == GGUF_STRING:
        return gguf_string(value)
    raise ValueError(kind)


def gguf_kv(key, kind, value, elem_kind=None):
    out = gguf_string(key) + struct.pack("<I", kind)
    if kind == GGUF_ARRAY:
        out += struct.pack("<IQ", elem_kind, len(value))
        out += b"".join(gguf_value(elem_kind, v) for v in value)
    else:
        out += gguf_value(kind, value)
    return out


def tensors(n_vocab):
    """[(name, ne, float array, GGML type)] in file order; ne is GGML's order (fastest dimension
    first). The two vocabulary-sized matrices are f16 (as in real models), the rest f32."""
    rng = random.Random(SEED)

    def normal(count, std):
        return array.array("f", (rng.gauss(0.0, std) for _ in range(count)))

    def ones(count):
        return array.array("f", [1.0] * count)

    e, ff = N_EMBD, N_FF
    head_dim = e // N_HEAD
    kv = head_dim * N_HEAD_KV
    out = [("token_embd.weight", [e, n_vocab], normal(e * n_vocab, 1.0), GGML_F16)]
    for i in range(N_LAYER):
        out += [
            (f"blk.{i}.attn_norm.weight", [e], ones(e)),
            (f"blk.{i}.attn_q.weight", [e, e], normal(e * e, e ** -0.5)),
            (f"blk.{i}.attn_k.weight", [e, kv], normal(e * kv, e ** -0.5)),
            (f"blk.{i}.attn_v.weight", [e, kv], normal(e * kv, e ** -0.5)),
            (f"blk.{i}.attn_output.weight", [e, e], normal(e * e, e ** -0.5)),
            (f"blk.{i}.ffn_norm.weight", [e], ones(e)),
            (f"blk.{i}.ffn_gate.weight", [e, ff], normal(e * ff, e ** -0.5)),
            (f"blk.{i}.ffn_up.weight", [e, ff], normal(e * ff, e ** -0.5)),
            (f"blk.{i}.ffn_down.weight", [ff, e], normal(ff * e, ff ** -0.5)),
        ]
    out += [("output_norm.weight", [e], ones(e)),
            ("output.weight", [e, n_vocab], normal(e * n_vocab, e ** -0.5), GGML_F16)]
    return [t if len(t) == 4 else (*t, GGML_F32) for t in out]


def model_bytes():
    tokens, scores, types = vocabulary()
    tok = {t: i for i, t in enumerate(tokens)}
    kvs = [
        gguf_kv("general.architecture", GGUF_STRING, "llama"),
        gguf_kv("general.name", GGUF_STRING, MODEL_NAME),
        gguf_kv("general.alignment", GGUF_UINT32, ALIGNMENT),
        gguf_kv("llama.context_length", GGUF_UINT32, N_CTX),
        gguf_kv("llama.embedding_length", GGUF_UINT32, N_EMBD),
        gguf_kv("llama.block_count", GGUF_UINT32, N_LAYER),
        gguf_kv("llama.feed_forward_length", GGUF_UINT32, N_FF),
        gguf_kv("llama.attention.head_count", GGUF_UINT32, N_HEAD),
        gguf_kv("llama.attention.head_count_kv", GGUF_UINT32, N_HEAD_KV),
        gguf_kv("llama.attention.layer_norm_rms_epsilon", GGUF_FLOAT32, RMS_EPS),
        gguf_kv("llama.rope.dimension_count", GGUF_UINT32, N_EMBD // N_HEAD),
        gguf_kv("llama.rope.freq_base", GGUF_FLOAT32, 10000.0),
        gguf_kv("llama.vocab_size", GGUF_UINT32, len(tokens)),
        gguf_kv("tokenizer.ggml.model", GGUF_STRING, "llama"),
        gguf_kv("tokenizer.ggml.tokens", GGUF_ARRAY, tokens, GGUF_STRING),
        gguf_kv("tokenizer.ggml.scores", GGUF_ARRAY, scores, GGUF_FLOAT32),
        gguf_kv("tokenizer.ggml.token_type", GGUF_ARRAY, types, GGUF_INT32),
        gguf_kv("tokenizer.ggml.unknown_token_id", GGUF_UINT32, tok["<unk>"]),
        gguf_kv("tokenizer.ggml.bos_token_id", GGUF_UINT32, tok["<s>"]),
        gguf_kv("tokenizer.ggml.eos_token_id", GGUF_UINT32, tok["</s>"]),
        gguf_kv("tokenizer.ggml.eot_token_id", GGUF_UINT32, tok["<|im_end|>"]),
        gguf_kv("tokenizer.ggml.add_bos_token", GGUF_BOOL, True),
        gguf_kv("tokenizer.ggml.add_eos_token", GGUF_BOOL, False),
        # No space before the first piece of a text: ChatML's "<|im_start|>user\n" stays as written.
        gguf_kv("tokenizer.ggml.add_space_prefix", GGUF_BOOL, False),
        gguf_kv("tokenizer.chat_template", GGUF_STRING, CHATML_TEMPLATE),
    ]
    ts = tensors(len(tokens))
    infos, blobs, offset = [], [], 0
    for name, ne, data, kind in ts:
        raw = struct.pack(f"<{len(data)}{'e' if kind == GGML_F16 else 'f'}", *data)
        infos.append(gguf_string(name) + struct.pack("<I", len(ne))
                     + b"".join(struct.pack("<Q", n) for n in ne)
                     + struct.pack("<IQ", kind, offset))
        pad = -len(raw) % ALIGNMENT
        blobs.append(raw + b"\0" * pad)
        offset += len(raw) + pad
    head = b"GGUF" + struct.pack("<IQQ", 3, len(ts), len(kvs)) + b"".join(kvs) + b"".join(infos)
    head += b"\0" * (-len(head) % ALIGNMENT)
    return head + b"".join(blobs)


def write_model(path):
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Atomic: a concurrent reader sees no file or the whole file.
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(model_bytes())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def ensure_model(path=None):
    """The model's path, written first when it is not there."""
    path = pathlib.Path(path) if path else default_model_path()
    if not path.is_file():
        write_model(path)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="write the model to this path (even when it exists)")
    parser.add_argument("--print", action="store_true", help="print the default path only")
    args = parser.parse_args(argv)
    if args.print:
        print(default_model_path())
    elif args.out:
        print(write_model(args.out))
    else:
        print(ensure_model())


if __name__ == "__main__":
    main()
