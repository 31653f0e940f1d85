#!/usr/bin/env node
// A real LLM server on loopback for the tests: llama.cpp (through node-llama-cpp) runs a tiny GGUF
// model and answers the OpenAI, Anthropic, Ollama and Gemini HTTP APIs with tokens it generates.
// Nothing is canned: every completion is greedy decoding of the model, every count comes from the
// model's tokenizer. The routes and their shapes are in README.md beside this file.
//
//   node server.mjs --model MODEL.gguf --node-llama-cpp DIR [--host 127.0.0.1] [--port 0]
//                   [--context-size 4096] [--watch-pid PID]
//
// DIR is where `npm i node-llama-cpp` was run (tools/setup.sh --print-node-llama-cpp); port 0 picks
// a free port. The first line on stdout is `listening <port>` once the model is loaded and the
// socket accepts connections; one line per request goes to stderr (method, path, status, counts,
// milliseconds; never a header: Authorization, x-api-key and the like are accepted and ignored).
// With --watch-pid, the server stops by itself once that process is gone (the test runner that
// started it was killed), so no server outlives its tests.
//
// One inference thread and one request at a time: requests queue. Generation is greedy
// (temperature, top_p, seed and the like are accepted and ignored), so the same request gives the
// same text. Tokens whose text is not plain printable ASCII (the byte-fallback tokens, <unk>, <s>,
// <|im_start|>) are never generated, so every generated token is one non-empty piece of text and a
// stream has exactly one text delta per completion token.

import http from "node:http";
import path from "node:path";
import {pathToFileURL} from "node:url";

// --- command line ---------------------------------------------------------------------------------
function parseArgs(argv) {
  const args = {host: "127.0.0.1", port: 0, contextSize: 4096, model: null, nodeLlamaCpp: null, watchPid: null};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--model") args.model = value();
    else if (a === "--node-llama-cpp") args.nodeLlamaCpp = value();
    else if (a === "--host") args.host = value();
    else if (a === "--port") args.port = Number(value());
    else if (a === "--context-size") args.contextSize = Number(value());
    else if (a === "--watch-pid") args.watchPid = Number(value());
    else if (a === "-h" || a === "--help") usage(null);
    else usage(`unknown argument: ${a}`);
  }
  if (!args.model) usage("--model is required");
  if (!args.nodeLlamaCpp) args.nodeLlamaCpp = process.env.MLFLOW_CPP_NODE_LLAMA_CPP || null;
  if (!args.nodeLlamaCpp) usage("--node-llama-cpp is required (tools/setup.sh --print-node-llama-cpp)");
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) usage("bad --port");
  if (!Number.isInteger(args.contextSize) || args.contextSize < 64) usage("bad --context-size");
  if (args.watchPid !== null && !(Number.isInteger(args.watchPid) && args.watchPid > 0)) usage("bad --watch-pid");
  return args;
}

function usage(error) {
  const text = "usage: node server.mjs --model MODEL.gguf --node-llama-cpp DIR [--host H] [--port N] " +
    "[--context-size N] [--watch-pid PID]\n";
  if (error) {
    process.stderr.write(`server.mjs: ${error}\n${text}`);
    process.exit(2);
  }
  process.stdout.write(text);
  process.exit(0);
}

const ARGS = parseArgs(process.argv.slice(2));
const DEFAULT_MAX_TOKENS = 16;
const MISSING_MODEL = "missing-model";
const MAX_BODY = 32 * 1024 * 1024;

// --- the model ------------------------------------------------------------------------------------
let nlc;
try {
  nlc = await import(pathToFileURL(
    path.join(path.resolve(ARGS.nodeLlamaCpp), "node_modules", "node-llama-cpp", "dist", "index.js")).href);
} catch (e) {
  process.stderr.write(`server.mjs: cannot load node-llama-cpp from ${ARGS.nodeLlamaCpp} ` +
    `(tools/setup.sh installs it): ${e.message}\n`);
  process.exit(3);
}
const {getLlama, LlamaLogLevel, TokenBias} = nlc;

const llama = await getLlama({
  gpu: false, build: "never", usePrebuiltBinaries: true, skipDownload: true, progressLogs: false,
  maxThreads: 1, logLevel: LlamaLogLevel.error,
});
const model = await llama.loadModel({modelPath: ARGS.model, gpuLayers: 0});
const contextSize = Math.min(ARGS.contextSize, model.trainContextSize);
const context = await model.createContext({contextSize, threads: 1, sequences: 1});
const sequence = context.getSequence();
const embeddingContext = await model.createEmbeddingContext({contextSize, threads: 1});
const vocabSize = model.fileInfo.metadata.tokenizer.ggml.tokens.length;
const BOS = model.tokens.bos;

// The tokens generation may produce: end-of-generation ones, and those whose text is plain
// printable ASCII. The rest are banned (see the header).
const pieceOf = new Map();
const tokenBias = new TokenBias(model.tokenizer);
for (let t = 0; t < vocabSize; t++) {
  if (model.isEogToken(t)) continue;
  const attributes = model.getTokenAttributes(t);
  const piece = model.detokenize([t], false);
  if (attributes.byte || attributes.control || attributes.unknown || !/^[\x20-\x7e]+$/.test(piece)) {
    tokenBias.set(t, "never");
  } else {
    pieceOf.set(t, piece);
  }
}

/** Prompt tokens of a text: BOS (the model's add_bos) then the text, special tokens parsed. */
function tokenizePrompt(text) {
  const tokens = model.tokenize(text, true);
  return BOS != null && model.tokens.shouldPrependBosToken ? [BOS, ...tokens] : tokens;
}

class RequestError extends Error {
  constructor(status, message, {type = "invalid_request_error", code = null, param = null} = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }
}

// One request at a time: each job runs when the previous one has settled.
let queue = Promise.resolve();
function exclusive(job) {
  const run = queue.then(job, job);
  queue = run.catch(() => {});
  return run;
}

/** Throws a RequestError when a prompt cannot be generated from (empty, or no room in the context). */
function checkPrompt(promptTokens) {
  if (promptTokens.length === 0) throw new RequestError(400, "the prompt is empty");
  if (promptTokens.length >= contextSize) {
    throw new RequestError(400, `This model's maximum context length is ${contextSize} tokens. ` +
      `However, your prompt has ${promptTokens.length} tokens.`, {code: "context_length_exceeded"});
  }
}

/**
 * Greedy generation of up to maxTokens tokens after promptTokens. onPiece(text, index) is called
 * for each generated token (it may write to the client). Returns {pieces, finish ("stop" at an
 * end-of-generation token, "length" at maxTokens, "aborted"), promptTokens, timings in ns}.
 * Throws a RequestError when the prompt does not fit the context.
 */
function generate(promptTokens, maxTokens, {onPiece = () => {}, aborted = () => false} = {}) {
  checkPrompt(promptTokens);
  const limit = Math.min(maxTokens, contextSize - promptTokens.length);
  return exclusive(async () => {
    const start = process.hrtime.bigint();
    await sequence.clearHistory();
    const pieces = [];
    let firstTokenAt = null;
    let finish = "stop";
    if (limit > 0) {
      const tokens = sequence.evaluate(promptTokens, {temperature: 0, tokenBias, yieldEogToken: false});
      for await (const token of tokens) {
        if (firstTokenAt === null) firstTokenAt = process.hrtime.bigint();
        const piece = pieceOf.get(token) ?? model.detokenize([token], false);
        pieces.push(piece);
        await onPiece(piece, pieces.length - 1);
        if (aborted()) { finish = "aborted"; break; }
        if (pieces.length >= limit) { finish = "length"; break; }
      }
    } else {
      finish = "length";
    }
    const end = process.hrtime.bigint();
    firstTokenAt ??= end;
    return {
      pieces, text: pieces.join(""), finish, promptTokens: promptTokens.length,
      completionTokens: pieces.length,
      totalNs: Number(end - start), promptNs: Number(firstTokenAt - start), evalNs: Number(end - firstTokenAt),
    };
  });
}

/** Token ids of a text for embedding (BOS first), checked against the context. */
function embeddingTokens(input) {
  const tokens = typeof input === "string" ? tokenizePrompt(input) : input;
  if (tokens.length === 0) throw new RequestError(400, "the input is empty");
  if (tokens.length >= contextSize) {
    throw new RequestError(400, `This model's maximum context length is ${contextSize} tokens. ` +
      `However, your input has ${tokens.length} tokens.`, {code: "context_length_exceeded"});
  }
  return tokens;
}

/** L2-normalized embedding from llama.cpp's embedding context (as OpenAI and Ollama return them). */
function embed(tokens) {
  return exclusive(async () => {
    const {vector} = await embeddingContext.getEmbeddingFor([...tokens]);
    const norm = Math.sqrt(vector.reduce((s, x) => s + x * x, 0)) || 1;
    return vector.map((x) => x / norm);
  });
}

// --- prompts --------------------------------------------------------------------------------------
/** ChatML, the model's chat template: the text whose tokens are the prompt. */
function renderChatML(messages, addGenerationPrompt = true) {
  let text = "";
  for (const m of messages) text += `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`;
  if (addGenerationPrompt) text += "<|im_start|>assistant\n";
  return text;
}

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Text of an OpenAI / Anthropic / Responses content: a string, or an array of parts. */
function contentText(content) {
  if (content == null) return "";
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => {
      if (typeof part === "string") return part;
      if (!isObject(part)) return "";
      if (typeof part.text === "string") return part.text;
      if (part.type === "tool_use") return JSON.stringify({name: part.name, input: part.input});
      if (part.type === "tool_result") return contentText(part.content);
      return "";
    }).join("");
  }
  if (isObject(content) && typeof content.text === "string") return content.text;
  throw new RequestError(400, "content must be a string or an array of content parts");
}

function maxTokensOf(value, name) {
  if (value === undefined || value === null) return DEFAULT_MAX_TOKENS;
  if (!Number.isInteger(value) || value < 1) {
    throw new RequestError(400, `Invalid '${name}': expected an integer of at least 1, got ${JSON.stringify(value)}.`,
      {param: name, code: "invalid_value"});
  }
  return value;
}

function requireModel(body, errorFor) {
  if (typeof body.model !== "string" || body.model === "") {
    throw errorFor(400, "model");
  }
  if (body.model === MISSING_MODEL) throw errorFor(404, body.model);
  return body.model;
}

// --- HTTP plumbing --------------------------------------------------------------------------------
function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {"Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...headers});
  res.end(text);
}

function startStream(res, contentType) {
  res.writeHead(200, {"Content-Type": contentType, "Cache-Control": "no-cache", "Connection": "keep-alive"});
  res.flushHeaders();
}

// Writes to a client that has gone away are dropped (generation stops at the next token).
const gone = (res) => res.destroyed || res.writableEnded;
const write = (res, text) => gone(res) || res.write(text);
const sse = (res, data) => write(res, `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
const sseEvent = (res, event, data) => write(res, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new RequestError(413, "request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

// The error body of each API.
const PROVIDERS = {
  openai: {
    body: (e) => ({error: {message: e.message, type: e.type, param: e.param, code: e.code}}),
    invalidJson: (detail) => new RequestError(400, "We could not parse the JSON body of your request. (HINT: " +
      `This likely means you aren't using your HTTP library correctly. ${detail})`),
    modelError: (status, model) => status === 404
      ? new RequestError(404, `The model \`${model}\` does not exist or you do not have access to it.`,
        {code: "model_not_found"})
      : new RequestError(400, "you must provide a model parameter", {param: "model", code: "missing_required_parameter"}),
  },
  anthropic: {
    body: (e) => ({type: "error", error: {type: anthropicErrorType(e.status), message: e.message}}),
    invalidJson: (detail) => new RequestError(400, `Invalid JSON in request body: ${detail}`),
    modelError: (status, model) => status === 404
      ? new RequestError(404, `model: ${model}`)
      : new RequestError(400, "model: Field required"),
  },
  ollama: {
    body: (e) => ({error: e.message}),
    invalidJson: (detail) => new RequestError(400, detail),
    modelError: (status, model) => status === 404
      ? new RequestError(404, `model '${model}' not found`)
      : new RequestError(400, "model is required"),
  },
  gemini: {
    body: (e) => ({error: {code: e.status, message: e.message, status: geminiStatus(e.status)}}),
    invalidJson: (detail) => new RequestError(400, `Invalid JSON payload received. ${detail}`),
    modelError: (status, model) => status === 404
      ? new RequestError(404, `models/${model} is not found for API version v1beta, or is not supported ` +
        "for generateContent. Call ListModels to see the list of available models and their supported methods.")
      : new RequestError(400, "model is required"),
  },
};

function anthropicErrorType(status) {
  return {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
    405: "invalid_request_error", 413: "request_too_large", 500: "api_error"}[status] ?? "api_error";
}

function geminiStatus(status) {
  return {400: "INVALID_ARGUMENT", 404: "NOT_FOUND", 405: "INVALID_ARGUMENT", 413: "INVALID_ARGUMENT",
    500: "INTERNAL"}[status] ?? "UNKNOWN";
}

let nextId = 1;
const newId = (prefix) => `${prefix}${String(nextId++).padStart(6, "0")}`;
const unixNow = () => Math.floor(Date.now() / 1000);

// --- OpenAI ---------------------------------------------------------------------------------------
function openaiUsage(g) {
  return {
    prompt_tokens: g.promptTokens, completion_tokens: g.completionTokens,
    total_tokens: g.promptTokens + g.completionTokens,
    prompt_tokens_details: {cached_tokens: 0}, completion_tokens_details: {reasoning_tokens: 0},
  };
}

function openaiMessages(body) {
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new RequestError(400, body.messages === undefined ? "Missing required parameter: 'messages'."
      : "Invalid 'messages': expected a non-empty array.", {param: "messages",
      code: body.messages === undefined ? "missing_required_parameter" : "invalid_value"});
  }
  return body.messages.map((m, i) => {
    if (!isObject(m) || typeof m.role !== "string") {
      throw new RequestError(400, `Invalid 'messages[${i}]': a message needs a 'role'.`, {param: `messages[${i}]`});
    }
    let content = contentText(m.content);
    if (Array.isArray(m.tool_calls) && m.tool_calls.length) content += JSON.stringify(m.tool_calls);
    return {role: m.role, content};
  });
}

const finishReason = (g) => (g.finish === "length" ? "length" : "stop");

async function openaiChat(req, res, body, ctx) {
  const modelName = requireModel(body, PROVIDERS.openai.modelError);
  const messages = openaiMessages(body);
  if (body.tools !== undefined && !Array.isArray(body.tools)) {
    throw new RequestError(400, "Invalid 'tools': expected an array.", {param: "tools"});
  }
  const maxTokens = body.max_completion_tokens != null
    ? maxTokensOf(body.max_completion_tokens, "max_completion_tokens") : maxTokensOf(body.max_tokens, "max_tokens");
  const prompt = tokenizePrompt(renderChatML(messages));
  const id = newId("chatcmpl-");
  const created = unixNow();
  const base = {id, created, model: modelName, system_fingerprint: "fp_mlflow_cpp_tiny"};
  if (!body.stream) {
    const g = await generate(prompt, maxTokens);
    ctx.g = g;
    return sendJson(res, 200, {
      ...base, object: "chat.completion",
      choices: [{index: 0, message: {role: "assistant", content: g.text, refusal: null, annotations: []},
        logprobs: null, finish_reason: finishReason(g)}],
      usage: openaiUsage(g),
    });
  }
  const includeUsage = Boolean(body.stream_options?.include_usage);
  const chunk = (choices, extra = {}) => ({...base, object: "chat.completion.chunk", choices,
    ...(includeUsage ? {usage: null} : {}), ...extra});
  const g = await streamGeneration(res, "text/event-stream", prompt, maxTokens, {
    first: () => sse(res, chunk([{index: 0, delta: {role: "assistant", content: "", refusal: null},
      logprobs: null, finish_reason: null}])),
    piece: (text) => sse(res, chunk([{index: 0, delta: {content: text}, logprobs: null, finish_reason: null}])),
    last: (g) => {
      sse(res, chunk([{index: 0, delta: {}, logprobs: null, finish_reason: finishReason(g)}]));
      if (includeUsage) sse(res, chunk([], {usage: openaiUsage(g)}));
      sse(res, "[DONE]");
    },
  });
  ctx.g = g;
}

/** A prompt of /v1/completions or an input of /v1/embeddings: strings or token-id arrays. */
function textOrTokenList(value, name) {
  const isTokens = (v) => Array.isArray(v) && v.every((t) => Number.isInteger(t));
  const check = (tokens) => {
    if (tokens.some((t) => t < 0 || t >= vocabSize)) {
      throw new RequestError(400, `Invalid '${name}': token ids must be in [0, ${vocabSize}).`, {param: name});
    }
    return tokens;
  };
  if (typeof value === "string") return [value];
  if (isTokens(value) && value.length) return [check(value)];
  if (Array.isArray(value) && value.length && value.every((v) => typeof v === "string" || isTokens(v))) {
    return value.map((v) => (typeof v === "string" ? v : check(v)));
  }
  throw new RequestError(400, value === undefined ? `Missing required parameter: '${name}'.`
    : `Invalid '${name}': expected a string, an array of strings or of token ids.`,
  {param: name, code: value === undefined ? "missing_required_parameter" : "invalid_value"});
}

async function openaiCompletions(req, res, body, ctx) {
  const modelName = requireModel(body, PROVIDERS.openai.modelError);
  const prompts = textOrTokenList(body.prompt, "prompt").map((p) => (typeof p === "string" ? tokenizePrompt(p) : p));
  const maxTokens = maxTokensOf(body.max_tokens, "max_tokens");
  prompts.forEach(checkPrompt); // before a stream's 200 goes out
  const base = {id: newId("cmpl-"), created: unixNow(), model: modelName, system_fingerprint: "fp_mlflow_cpp_tiny"};
  const total = {promptTokens: 0, completionTokens: 0};
  const add = (g) => { total.promptTokens += g.promptTokens; total.completionTokens += g.completionTokens; };
  if (!body.stream) {
    const choices = [];
    for (const [index, prompt] of prompts.entries()) {
      const g = await generate(prompt, maxTokens);
      add(g);
      choices.push({text: g.text, index, logprobs: null, finish_reason: finishReason(g)});
    }
    ctx.g = total;
    return sendJson(res, 200, {...base, object: "text_completion", choices, usage: openaiUsage(total)});
  }
  const includeUsage = Boolean(body.stream_options?.include_usage);
  const chunk = (choices, extra = {}) => ({...base, object: "text_completion", choices,
    ...(includeUsage ? {usage: null} : {}), ...extra});
  startStream(res, "text/event-stream");
  for (const [index, prompt] of prompts.entries()) {
    const g = await generate(prompt, maxTokens, {
      onPiece: (text) => sse(res, chunk([{text, index, logprobs: null, finish_reason: null}])),
      aborted: () => res.destroyed,
    });
    add(g);
    if (res.destroyed) break;
    sse(res, chunk([{text: "", index, logprobs: null, finish_reason: finishReason(g)}]));
  }
  if (includeUsage) sse(res, chunk([], {usage: openaiUsage(total)}));
  sse(res, "[DONE]");
  if (!gone(res)) res.end();
  ctx.g = total;
}

async function openaiEmbeddings(req, res, body, ctx) {
  const modelName = requireModel(body, PROVIDERS.openai.modelError);
  const inputs = textOrTokenList(body.input, "input");
  if (body.encoding_format !== undefined && !["float", "base64"].includes(body.encoding_format)) {
    throw new RequestError(400, "Invalid 'encoding_format': expected 'float' or 'base64'.", {param: "encoding_format"});
  }
  if (inputs.some((i) => i === "")) {
    throw new RequestError(400, "'$.input' is invalid: an input must not be empty.", {param: "input"});
  }
  const tokenLists = inputs.map(embeddingTokens);
  const data = [];
  for (const [index, tokens] of tokenLists.entries()) {
    const vector = await embed(tokens);
    const embedding = body.encoding_format === "base64"
      ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
    data.push({object: "embedding", index, embedding});
  }
  const promptTokens = tokenLists.reduce((s, t) => s + t.length, 0);
  ctx.g = {promptTokens, completionTokens: 0};
  sendJson(res, 200, {object: "list", data, model: modelName,
    usage: {prompt_tokens: promptTokens, total_tokens: promptTokens}});
}

/** Messages of a Responses API request: instructions, then input (a string or a list of items). */
function responsesMessages(body) {
  const messages = [];
  if (typeof body.instructions === "string" && body.instructions) {
    messages.push({role: "system", content: body.instructions});
  }
  if (typeof body.input === "string") {
    messages.push({role: "user", content: body.input});
  } else if (Array.isArray(body.input) && body.input.length) {
    for (const [i, item] of body.input.entries()) {
      if (!isObject(item)) throw new RequestError(400, `Invalid 'input[${i}]': expected an object.`, {param: `input[${i}]`});
      if (item.type === "function_call") {
        messages.push({role: "assistant", content: JSON.stringify({name: item.name, arguments: item.arguments})});
      } else if (item.type === "function_call_output") {
        messages.push({role: "tool", content: typeof item.output === "string" ? item.output : JSON.stringify(item.output)});
      } else if (typeof item.role === "string") {
        messages.push({role: item.role, content: contentText(item.content)});
      } else {
        throw new RequestError(400, `Invalid 'input[${i}]': unsupported item.`, {param: `input[${i}]`});
      }
    }
  } else {
    throw new RequestError(400, body.input === undefined ? "Missing required parameter: 'input'."
      : "Invalid 'input': expected a string or a non-empty array.", {param: "input"});
  }
  return messages;
}

async function openaiResponses(req, res, body, ctx) {
  const modelName = requireModel(body, PROVIDERS.openai.modelError);
  const prompt = tokenizePrompt(renderChatML(responsesMessages(body)));
  const maxTokens = maxTokensOf(body.max_output_tokens, "max_output_tokens");
  const id = newId("resp_");
  const itemId = newId("msg_");
  const createdAt = unixNow();
  const response = (status, output, usage, incomplete) => ({
    id, object: "response", created_at: createdAt, status, error: null,
    incomplete_details: incomplete ? {reason: "max_output_tokens"} : null,
    instructions: body.instructions ?? null, max_output_tokens: body.max_output_tokens ?? null,
    model: modelName, output, parallel_tool_calls: true, temperature: body.temperature ?? 1,
    tool_choice: body.tool_choice ?? "auto", tools: body.tools ?? [], top_p: body.top_p ?? 1,
    usage, metadata: body.metadata ?? {},
  });
  const part = (text) => ({type: "output_text", text, annotations: []});
  const item = (status, content) => ({type: "message", id: itemId, status, role: "assistant", content});
  const usage = (g) => ({input_tokens: g.promptTokens, input_tokens_details: {cached_tokens: 0},
    output_tokens: g.completionTokens, output_tokens_details: {reasoning_tokens: 0},
    total_tokens: g.promptTokens + g.completionTokens});
  const final = (g) => {
    const incomplete = g.finish === "length";
    return response(incomplete ? "incomplete" : "completed",
      [item(incomplete ? "incomplete" : "completed", [part(g.text)])], usage(g), incomplete);
  };
  if (!body.stream) {
    const g = await generate(prompt, maxTokens);
    ctx.g = g;
    return sendJson(res, 200, final(g));
  }
  let seq = 0;
  const event = (type, data) => sseEvent(res, type, {type, sequence_number: seq++, ...data});
  const at = {item_id: itemId, output_index: 0, content_index: 0};
  const g = await streamGeneration(res, "text/event-stream", prompt, maxTokens, {
    first: () => {
      event("response.created", {response: response("in_progress", [], null, false)});
      event("response.in_progress", {response: response("in_progress", [], null, false)});
      event("response.output_item.added", {output_index: 0, item: item("in_progress", [])});
      event("response.content_part.added", {...at, part: part("")});
    },
    piece: (text) => event("response.output_text.delta", {...at, delta: text, logprobs: []}),
    last: (g) => {
      event("response.output_text.done", {...at, text: g.text, logprobs: []});
      event("response.content_part.done", {...at, part: part(g.text)});
      const done = final(g);
      event("response.output_item.done", {output_index: 0, item: done.output[0]});
      event(done.status === "completed" ? "response.completed" : "response.incomplete", {response: done});
    },
  });
  ctx.g = g;
}

/**
 * Streams one generation: first() before the first token, piece(text) per token, last(g) at the
 * end; stops generating when the client goes away.
 */
async function streamGeneration(res, contentType, prompt, maxTokens, {first, piece, last}) {
  // Errors (the context check) before the 200 goes out: generate() checks synchronously.
  const pending = generate(prompt, maxTokens, {
    onPiece: (text, index) => {
      if (res.destroyed) return;
      piece(text, index);
    },
    aborted: () => res.destroyed,
  });
  startStream(res, contentType);
  first();
  const g = await pending;
  if (!res.destroyed) {
    last(g);
    res.end();
  }
  return g;
}

// --- Anthropic ------------------------------------------------------------------------------------
async function anthropicMessages(req, res, body, ctx) {
  const modelName = requireModel(body, PROVIDERS.anthropic.modelError);
  if (body.max_tokens === undefined) throw new RequestError(400, "max_tokens: Field required");
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) {
    throw new RequestError(400, "max_tokens: Input should be a valid integer greater than or equal to 1");
  }
  if (!Array.isArray(body.messages)) throw new RequestError(400, "messages: Field required");
  if (body.messages.length === 0) throw new RequestError(400, "messages: at least one message is required");
  const messages = [];
  if (body.system !== undefined) messages.push({role: "system", content: contentText(body.system)});
  for (const [i, m] of body.messages.entries()) {
    if (!isObject(m) || !["user", "assistant"].includes(m.role)) {
      throw new RequestError(400, `messages.${i}.role: Input should be 'user' or 'assistant'`);
    }
    messages.push({role: m.role, content: contentText(m.content)});
  }
  const prompt = tokenizePrompt(renderChatML(messages));
  const id = newId("msg_");
  const stopReason = (g) => (g.finish === "length" ? "max_tokens" : "end_turn");
  const message = (content, stop, usage) => ({id, type: "message", role: "assistant", model: modelName,
    content, stop_reason: stop, stop_sequence: null, usage});
  const usage = (input, output) => ({input_tokens: input, cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0, output_tokens: output});
  if (!body.stream) {
    const g = await generate(prompt, body.max_tokens);
    ctx.g = g;
    return sendJson(res, 200, message([{type: "text", text: g.text}], stopReason(g), usage(g.promptTokens, g.completionTokens)));
  }
  const g = await streamGeneration(res, "text/event-stream", prompt, body.max_tokens, {
    first: () => {
      sseEvent(res, "message_start", {type: "message_start", message: message([], null, usage(prompt.length, 0))});
      sseEvent(res, "content_block_start", {type: "content_block_start", index: 0, content_block: {type: "text", text: ""}});
      sseEvent(res, "ping", {type: "ping"});
    },
    piece: (text) => sseEvent(res, "content_block_delta",
      {type: "content_block_delta", index: 0, delta: {type: "text_delta", text}}),
    last: (g) => {
      sseEvent(res, "content_block_stop", {type: "content_block_stop", index: 0});
      sseEvent(res, "message_delta", {type: "message_delta",
        delta: {stop_reason: stopReason(g), stop_sequence: null}, usage: {output_tokens: g.completionTokens}});
      sseEvent(res, "message_stop", {type: "message_stop"});
    },
  });
  ctx.g = g;
}

// --- Ollama ---------------------------------------------------------------------------------------
function ollamaMaxTokens(body) {
  const n = body.options?.num_predict;
  if (n === undefined || n === null) return DEFAULT_MAX_TOKENS;
  if (!Number.isInteger(n)) throw new RequestError(400, "options.num_predict must be an integer");
  return n < 0 ? contextSize : n; // -1: until the end of generation or of the context
}

function ollamaCounts(g) {
  return {total_duration: g.totalNs, load_duration: 0, prompt_eval_count: g.promptTokens,
    prompt_eval_duration: g.promptNs, eval_count: g.completionTokens, eval_duration: g.evalNs};
}

async function ollamaRespond(res, body, prompt, modelName, shape, ctx) {
  const stream = body.stream !== false; // Ollama streams unless told not to
  const maxTokens = ollamaMaxTokens(body);
  const doneReason = (g) => (g.finish === "length" ? "length" : "stop");
  if (!stream) {
    const g = await generate(prompt, maxTokens);
    ctx.g = g;
    return sendJson(res, 200, {model: modelName, created_at: new Date().toISOString(), ...shape.whole(g),
      done: true, done_reason: doneReason(g), ...ollamaCounts(g)});
  }
  const line = (o) => write(res, JSON.stringify(o) + "\n");
  const g = await streamGeneration(res, "application/x-ndjson", prompt, maxTokens, {
    first: () => {},
    piece: (text) => line({model: modelName, created_at: new Date().toISOString(), ...shape.piece(text), done: false}),
    last: (g) => line({model: modelName, created_at: new Date().toISOString(), ...shape.piece(""), ...shape.end(g),
      done: true, done_reason: doneReason(g), ...ollamaCounts(g)}),
  });
  ctx.g = g;
}

async function ollamaChat(req, res, body, ctx) {
  const modelName = requireModel(body, PROVIDERS.ollama.modelError);
  if (body.messages !== undefined && !Array.isArray(body.messages)) {
    throw new RequestError(400, "messages must be an array");
  }
  const messages = (body.messages ?? []).map((m, i) => {
    if (!isObject(m) || typeof m.role !== "string") throw new RequestError(400, `messages[${i}]: role is required`);
    let content = typeof m.content === "string" ? m.content : "";
    if (Array.isArray(m.tool_calls) && m.tool_calls.length) content += JSON.stringify(m.tool_calls);
    return {role: m.role, content};
  });
  if (messages.length === 0) {
    // Real Ollama: an empty chat only loads the model.
    return sendJson(res, 200, {model: modelName, created_at: new Date().toISOString(),
      message: {role: "assistant", content: ""}, done_reason: "load", done: true});
  }
  const prompt = tokenizePrompt(renderChatML(messages));
  await ollamaRespond(res, body, prompt, modelName, {
    whole: (g) => ({message: {role: "assistant", content: g.text}}),
    piece: (text) => ({message: {role: "assistant", content: text}}),
    end: () => ({}),
  }, ctx);
}

async function ollamaGenerate(req, res, body, ctx) {
  const modelName = requireModel(body, PROVIDERS.ollama.modelError);
  if (body.prompt !== undefined && typeof body.prompt !== "string") throw new RequestError(400, "prompt must be a string");
  if (!body.prompt) {
    return sendJson(res, 200, {model: modelName, created_at: new Date().toISOString(), response: "",
      done: true, done_reason: "load"});
  }
  let text;
  if (body.raw) {
    text = body.prompt;
  } else {
    const messages = [];
    if (typeof body.system === "string" && body.system) messages.push({role: "system", content: body.system});
    messages.push({role: "user", content: body.prompt});
    text = renderChatML(messages);
  }
  const prompt = tokenizePrompt(text);
  const context = (g) => (body.raw ? {} : {context: [...prompt, ...model.tokenize(g.text, false)]});
  await ollamaRespond(res, body, prompt, modelName, {
    whole: (g) => ({response: g.text, ...context(g)}),
    piece: (text) => ({response: text}),
    end: (g) => context(g),
  }, ctx);
}

async function ollamaEmbed(req, res, body, ctx) {
  const modelName = requireModel(body, PROVIDERS.ollama.modelError);
  let inputs = body.input;
  if (typeof inputs === "string") inputs = [inputs];
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((s) => typeof s === "string" && s !== "")) {
    throw new RequestError(400, "input must be a non-empty string or a non-empty array of non-empty strings");
  }
  const start = process.hrtime.bigint();
  const tokenLists = inputs.map(embeddingTokens);
  const embeddings = [];
  for (const tokens of tokenLists) embeddings.push(await embed(tokens));
  const promptTokens = tokenLists.reduce((s, t) => s + t.length, 0);
  ctx.g = {promptTokens, completionTokens: 0};
  sendJson(res, 200, {model: modelName, embeddings, total_duration: Number(process.hrtime.bigint() - start),
    load_duration: 0, prompt_eval_count: promptTokens});
}

async function ollamaLegacyEmbeddings(req, res, body, ctx) {
  const modelName = requireModel(body, PROVIDERS.ollama.modelError);
  if (typeof body.prompt !== "string" || body.prompt === "") throw new RequestError(400, "prompt is required");
  const tokens = embeddingTokens(body.prompt);
  ctx.g = {promptTokens: tokens.length, completionTokens: 0};
  sendJson(res, 200, {embedding: await embed(tokens)});
  void modelName;
}

// --- Gemini ---------------------------------------------------------------------------------------
function geminiText(content, where) {
  if (!isObject(content) || !Array.isArray(content.parts)) {
    throw new RequestError(400, `Invalid value at '${where}': expected a Content with 'parts'.`);
  }
  return content.parts.map((p) => (isObject(p) && typeof p.text === "string" ? p.text
    : isObject(p) && p.functionCall ? JSON.stringify(p.functionCall)
      : isObject(p) && p.functionResponse ? JSON.stringify(p.functionResponse) : "")).join("");
}

function geminiPrompt(body) {
  if (!Array.isArray(body.contents) || body.contents.length === 0) {
    throw new RequestError(400, "* GenerateContentRequest.contents: contents is not specified");
  }
  const messages = [];
  const system = body.systemInstruction ?? body.system_instruction;
  if (system !== undefined) messages.push({role: "system", content: geminiText(system, "system_instruction")});
  for (const [i, c] of body.contents.entries()) {
    const role = c?.role === "model" ? "assistant" : (c?.role ?? "user");
    messages.push({role, content: geminiText(c, `contents[${i}]`)});
  }
  return tokenizePrompt(renderChatML(messages));
}

async function gemini(req, res, body, ctx, modelName, method, url) {
  if (modelName === MISSING_MODEL) throw PROVIDERS.gemini.modelError(404, modelName);
  if (method === "embedContent") {
    const tokens = embeddingTokens(geminiText(body.content, "content"));
    ctx.g = {promptTokens: tokens.length, completionTokens: 0};
    return sendJson(res, 200, {embedding: {values: await embed(tokens)}});
  }
  const prompt = geminiPrompt(body);
  if (method === "countTokens") {
    return sendJson(res, 200, {totalTokens: prompt.length,
      promptTokensDetails: [{modality: "TEXT", tokenCount: prompt.length}]});
  }
  const config = body.generationConfig ?? body.generation_config ?? {};
  const m = config.maxOutputTokens ?? config.max_output_tokens;
  if (m !== undefined && (!Number.isInteger(m) || m < 1)) {
    throw new RequestError(400, "Invalid value at 'generation_config.max_output_tokens': expected a positive integer");
  }
  const maxTokens = m ?? DEFAULT_MAX_TOKENS;
  const responseId = newId("resp-");
  const usage = (g, completion) => ({promptTokenCount: prompt.length, candidatesTokenCount: completion,
    totalTokenCount: prompt.length + completion,
    promptTokensDetails: [{modality: "TEXT", tokenCount: prompt.length}]});
  const reason = (g) => (g.finish === "length" ? "MAX_TOKENS" : "STOP");
  const response = (text, finish, usageMetadata) => ({
    candidates: [{content: {parts: [{text}], role: "model"}, ...(finish ? {finishReason: finish} : {}), index: 0}],
    usageMetadata, modelVersion: modelName, responseId,
  });
  if (method === "generateContent") {
    const g = await generate(prompt, maxTokens);
    ctx.g = g;
    return sendJson(res, 200, response(g.text, reason(g), usage(g, g.completionTokens)));
  }
  // streamGenerateContent: SSE with alt=sse, else one JSON array written as it grows. Each chunk
  // holds one token; the last one also finishReason and the final usage (a chunk is held back
  // until the next token shows it is not the last).
  const asSse = url.searchParams.get("alt") === "sse";
  let count = 0;
  let held = null;
  const emit = (chunk) => {
    if (asSse) sse(res, chunk);
    else write(res, (count++ === 0 ? "[" : ",\r\n") + JSON.stringify(chunk));
  };
  const g = await streamGeneration(res, asSse ? "text/event-stream" : "application/json", prompt, maxTokens, {
    first: () => {},
    piece: (text, index) => {
      if (held !== null) emit(response(held.text, null, usage(null, held.index + 1)));
      held = {text, index};
    },
    last: (g) => {
      emit(response(held ? held.text : "", reason(g), usage(g, g.completionTokens)));
      if (!asSse) write(res, "]");
    },
  });
  ctx.g = g;
}

// --- the server -----------------------------------------------------------------------------------
const ROUTES = {
  "/v1/chat/completions": {provider: "openai", handler: openaiChat},
  "/v1/completions": {provider: "openai", handler: openaiCompletions},
  "/v1/embeddings": {provider: "openai", handler: openaiEmbeddings},
  "/v1/responses": {provider: "openai", handler: openaiResponses},
  "/v1/messages": {provider: "anthropic", handler: anthropicMessages},
  "/api/chat": {provider: "ollama", handler: ollamaChat},
  "/api/generate": {provider: "ollama", handler: ollamaGenerate},
  "/api/embed": {provider: "ollama", handler: ollamaEmbed},
  "/api/embeddings": {provider: "ollama", handler: ollamaLegacyEmbeddings},
};
const GEMINI_ROUTE = /^\/(v1beta|v1)\/models\/([^/:]+(?:\/[^/:]+)*):(generateContent|streamGenerateContent|countTokens|embedContent)$/;
const MODEL_ID = "mlflow-cpp-tiny-llama";

function providerOfPath(p) {
  if (p.startsWith("/api/")) return "ollama";
  if (p.startsWith("/v1beta/") || GEMINI_ROUTE.test(p)) return "gemini";
  return "openai";
}

/** GET routes and utility POST routes that are not LLM calls. */
async function utilityRoute(req, res, url, rawBody) {
  const p = url.pathname;
  if (p === "/health" && req.method === "GET") {
    sendJson(res, 200, {status: "ok", model: path.basename(ARGS.model), context_size: contextSize,
      vocab_size: vocabSize, threads: 1});
    return true;
  }
  if (p === "/v1/echo" && (req.method === "GET" || req.method === "POST")) {
    const body = rawBody ?? Buffer.alloc(0);
    res.writeHead(200, {"Content-Type": req.headers["content-type"] || "application/octet-stream",
      "Content-Length": body.length});
    res.end(body);
    return true;
  }
  if (p === "/v1/models" && req.method === "GET") {
    sendJson(res, 200, {object: "list", data: [{id: MODEL_ID, object: "model", created: 0, owned_by: "mlflow-cpp"}]});
    return true;
  }
  if (p === "/api/tags" && req.method === "GET") {
    sendJson(res, 200, {models: [{name: MODEL_ID, model: MODEL_ID, size: 0, details: {format: "gguf", family: "llama"}}]});
    return true;
  }
  if (p === "/api/version" && req.method === "GET") {
    sendJson(res, 200, {version: "0.0.0-mlflow-cpp-test"});
    return true;
  }
  if ((p === "/tokenize" || p === "/detokenize") && req.method === "POST") {
    let body;
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch (e) {
      sendJson(res, 400, {error: {code: 400, message: `invalid JSON: ${e.message}`, type: "invalid_request_error"}});
      return true;
    }
    if (p === "/tokenize") {
      if (typeof body.content !== "string") {
        sendJson(res, 400, {error: {code: 400, message: "content must be a string", type: "invalid_request_error"}});
        return true;
      }
      // As llama-server: add_special (BOS) defaults to false, special tokens are parsed by default.
      const tokens = model.tokenize(body.content, body.parse_special !== false);
      const all = body.add_special && BOS != null && model.tokens.shouldPrependBosToken ? [BOS, ...tokens] : tokens;
      sendJson(res, 200, {tokens: body.with_pieces
        ? all.map((id) => ({id, piece: model.detokenize([id], true)})) : all});
    } else {
      const tokens = Array.isArray(body.tokens) ? body.tokens.filter((t) => Number.isInteger(t) && t >= 0 && t < vocabSize) : [];
      sendJson(res, 200, {content: model.detokenize(tokens, false)});
    }
    return true;
  }
  return false;
}

const UTILITY_PATHS = new Set(["/health", "/v1/echo", "/v1/models", "/api/tags", "/api/version", "/tokenize", "/detokenize"]);

function sendError(res, provider, e) {
  if (res.headersSent) {
    // Mid-stream: an SSE error event where the API has one, then close.
    if (!res.destroyed) {
      if (provider === "anthropic") sseEvent(res, "error", PROVIDERS.anthropic.body(e));
      res.end();
    }
    return;
  }
  if (provider === "ollama" && e.status === 404 && e.notFoundRoute) {
    res.writeHead(404, {"Content-Type": "text/plain"});
    res.end("404 page not found");
    return;
  }
  sendJson(res, e.status, PROVIDERS[provider].body(e));
}

async function handle(req, res) {
  const started = performance.now();
  const url = new URL(req.url, "http://127.0.0.1");
  const p = url.pathname;
  const ctx = {g: null};
  let provider = providerOfPath(p);
  res.on("error", () => {}); // a client that left mid-response: nothing to tell it
  try {
    const rawBody = req.method === "POST" || req.method === "PUT" ? await readBody(req) : null;
    if (UTILITY_PATHS.has(p) && await utilityRoute(req, res, url, rawBody)) return;
    const route = ROUTES[p];
    const geminiMatch = route ? null : GEMINI_ROUTE.exec(p);
    if (!route && !geminiMatch) {
      const e = new RequestError(404, `Invalid URL (${req.method} ${p})`);
      e.notFoundRoute = true;
      throw e;
    }
    if (route) provider = route.provider;
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      throw new RequestError(405, `Method ${req.method} not allowed for ${p}; use POST`);
    }
    let body;
    const text = rawBody.toString("utf8");
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw PROVIDERS[provider].invalidJson(e.message);
    }
    if (!isObject(body)) throw PROVIDERS[provider].invalidJson("the body must be a JSON object");
    if (route) await route.handler(req, res, body, ctx);
    else await gemini(req, res, body, ctx, decodeURIComponent(geminiMatch[2]), geminiMatch[3], url);
  } catch (e) {
    if (!(e instanceof RequestError)) {
      process.stderr.write(`server.mjs: ${req.method} ${p}: ${e.stack || e}\n`);
      e = new RequestError(500, `internal error: ${e.message}`, {type: "server_error"});
    }
    sendError(res, provider, e);
  } finally {
    const g = ctx.g;
    const counts = g ? ` prompt=${g.promptTokens} completion=${g.completionTokens}` : "";
    process.stderr.write(`${req.method} ${p} ${res.statusCode}${counts} ${(performance.now() - started).toFixed(1)}ms\n`);
  }
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => process.stderr.write(`server.mjs: ${e.stack || e}\n`));
});
server.keepAliveTimeout = 30_000;

server.listen(ARGS.port, ARGS.host, () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  try {
    await llama.dispose();
  } finally {
    process.exit(0);
  }
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

if (ARGS.watchPid !== null) {
  setInterval(() => {
    try {
      process.kill(ARGS.watchPid, 0);
    } catch (e) {
      if (e.code === "ESRCH") {
        process.stderr.write(`server.mjs: process ${ARGS.watchPid} is gone; stopping\n`);
        stop();
      }
    }
  }, 1000).unref();
}
