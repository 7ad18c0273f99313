"""Retrieval sanity: a paraphrase of each bank question (same intent, other words) finds it in the top 3."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from interviewer.bank.models import Question
from interviewer.config import load_settings
from interviewer.store.chroma import open_client
from interviewer.store.embeddings import Embedder
from interviewer.store.ingest import ingest
from interviewer.store.knowledge import KnowledgeStore

TOP_K = 3
PARAPHRASES = {
    "ab-test-early-stop-disagreement": (
        "Only a few days into an experiment meant to last weeks, the PM sees a significant-looking lift on the "
        "dashboard and wants to launch to all users before an upcoming event. You don't trust the numbers yet. "
        "How would you talk it through and what would you suggest?"
    ),
    "activation-checkpointing-trade-off": (
        "Training a transformer hits out-of-memory at the context length we need, and someone proposes recomputing "
        "activations in the backward pass instead of storing them. What does that cost in extra FLOPs, and how do "
        "you decide between recomputing everything, recomputing only some layers, or other options?"
    ),
    "bf16-vs-fp16-loss-scaling": (
        "When switching training from single precision to 16-bit floats, why is a loss multiplier typically "
        "required with half precision but not with bfloat16, and what's the downside of picking bfloat16?"
    ),
    "canary-rollout-strategy": (
        "How would you release updated model versions gradually so that quality or latency regressions are caught "
        "early: how traffic is divided, which statistics decide, when to revert, testing on mirrored traffic, and "
        "which monitoring signals justify sending everyone to the new model?"
    ),
    "checkpoint-interval-young-daly": (
        "A pretraining run on thousands of GPUs fails roughly twice a day; saving state pauses it for about 5 "
        "minutes and recovery takes about 15. What save interval is optimal, how much of the total time goes to "
        "saves and lost work, and how do non-blocking or distributed saves change the math?"
    ),
    "compute-optimal-vs-inference-aware-scaling": (
        "Given about 10^24 FLOPs of training compute, how big should the model be and how many tokens should it "
        "see according to Chinchilla-style laws? Why might you train a smaller network for longer than that, and "
        "where does that approach stop working?"
    ),
    "continuous-vs-dynamic-batching-llm": (
        "Our 13B LLM server batches incoming requests and keeps each batch on the GPU until its longest generation "
        "ends, and both utilization and tail latency suffer. Why is that a poor match for token-by-token "
        "generation, how does scheduling at every decoding step help, and what does it cost?"
    ),
    "cost-per-million-tokens-70b-decode": (
        "Roughly what does it cost to generate a million tokens with a 70B dense GQA model in bf16 on a single "
        "node of eight H100s? How does the price per token fall as more requests are batched, and what caps the "
        "batch?"
    ),
    "cpu-int8-inference-amx-vnni": (
        "The infra group wants to move a small BERT classifier with a tight online latency budget and an internal "
        "7B chatbot off GPUs onto Intel Sapphire Rapids Xeon machines. How would you build and benchmark 8-bit "
        "inference on those CPUs, and which workload would they suit?"
    ),
    "data-tensor-pipeline-parallelism-basics": (
        "Compare the three basic ways of spreading transformer training over many GPUs: replicating the model, "
        "splitting each layer's matrices, and cutting the layer stack into stages. What gets partitioned, what "
        "traffic flows between devices, and when is each appropriate?"
    ),
    "ddp-multinode-scaling-debug": (
        "A 1B model trained with DistributedDataParallel speeds up well within one 8-GPU machine, but adding more "
        "machines gives little extra speed. How would you investigate, what should gradient synchronization cost "
        "in theory, how do ring and tree reductions compare, and what fixes would you try?"
    ),
    "decode-bandwidth-bound-estimate": (
        "For an 8B Llama model in bfloat16 on an H100, what is the upper bound on tokens per second for one user, "
        "why is generating tokens limited by memory bandwidth whereas processing the prompt is limited by compute, "
        "and how do batch size, context length and lower-precision weights shift this?"
    ),
    "distill-70b-to-8b-plan": (
        "A support chatbot uses a 70B model whose quality is fine, but it is too slow and too expensive; management "
        "wants an 8B model that is just as good. How would you plan it: teacher-student training versus simply "
        "quantizing the big model, how to train the student, and which evaluation gates the launch?"
    ),
    "drift-monitoring-delayed-labels": (
        "For a payment fraud classifier whose true labels only show up weeks or months later via chargebacks, how "
        "do you watch for shifts in inputs and in the input-label relationship before labels arrive, avoid alert "
        "fatigue, and choose between retraining, reverting or doing nothing?"
    ),
    "embedding-model-upgrade-reindex": (
        "We have hundreds of millions of documents vectorized with an old embedding model in a vector store that "
        "is constantly updated, and a newer embedder retrieves better offline. How would you migrate, why is it "
        "harder than a normal model swap, and how do you keep the ability to revert?"
    ),
    "fanout-inference-tail-amplification": (
        "Each request to our ranking service waits on dozens of GPU shards queried in parallel. Every shard is fast "
        "at the median with a modest p99, yet the service is slow even at its median and terrible at the tail. "
        "Why, how would you find what makes individual shards slow, and what would you do about it?"
    ),
    "flashattention-what-it-optimizes": (
        "A colleague believes that turning on FlashAttention shrinks the KV cache and greatly speeds up token "
        "generation. What does that fused attention kernel really improve, where does it matter in training "
        "versus serving, and how would you correct them?"
    ),
    "fp16-vs-int8-inference": (
        "For deploying a model, should I use half-precision floats or 8-bit integer quantization? Compare accuracy, "
        "speed and hardware support, say which devices favour each, and how to benchmark both on my own model."
    ),
    "fp8-tensor-core-precision-evolution": (
        "How did the number formats supported by NVIDIA's matrix units evolve across GPU generations from V100 to "
        "B200, and what does it really take to train or serve faster with 8-bit floats on Hopper? Why do 8-bit "
        "floats need per-tensor scales while bfloat16 doesn't?"
    ),
    "fsdp-vs-deepspeed-migration-decision": (
        "Your team is split on moving from DeepSpeed ZeRO stage 3 to PyTorch's fully sharded data parallel: one "
        "side wants compiler support and native tensor parallel, the other sees only risk. It is your call: how do "
        "you make it, what data do you gather, and how do you bring both sides along?"
    ),
    "gptq-vs-awq-int4-serving": (
        "To fit a 70B model on fewer GPUs with 4-bit weights, how do GPTQ and activation-aware quantization differ "
        "in choosing the quantized values, what kernels and tooling do they require, and how much faster is it for "
        "a single stream versus under high concurrency?"
    ),
    "gpu-autoscaling-cold-start-llm": (
        "Our 70B vLLM service on Kubernetes adds pods based on GPU usage, but each new node-sized replica takes "
        "ages to come up, so sudden spikes end in timeouts. How would you redesign scaling: which metrics, how to "
        "reduce or mask startup time, how to keep latency targets during scale-up, and at what cost?"
    ),
    "gpu-fleet-choice-training-vs-inference": (
        "The finance team wants one GPU model, the top-end one, bought for both training and serving to keep "
        "purchasing simple, and engineering leaders don't agree. You owe the VP a recommendation in a few weeks. "
        "How do you build the case and facilitate the debate?"
    ),
    "gpu-purchase-mix-spot-reserved-on-demand": (
        "We have a steady serving fleet with daily peaks, a pretraining job lasting months, and spiky tuning sweeps "
        "and offline evals. How would you allocate these across committed-use, pay-as-you-go and interruptible "
        "cloud GPUs, and what determines the split?"
    ),
    "gradient-accumulation-mismatch": (
        "Someone moved a fine-tune to a smaller GPU by cutting the per-step batch eightfold and summing gradients "
        "over 8 steps with the same learning rate. The effective batch is equal, but the loss looks different, "
        "quality dropped on data with very uneven lengths, and epochs are slower. Why, and how would you verify?"
    ),
    "hosted-api-vs-self-hosting-decision": (
        "We pay a lot for a third-party LLM API, and an engineer claims running an open model on our own hardware "
        "would save 70%. Leadership wants you to decide. How do you analyse it, what proof do you need, and how do "
        "you communicate the outcome?"
    ),
    "hpo-budget-asha-vs-bayesian": (
        "With a week on 64 GPUs and a 1B language model whose full training takes two days on all of them, how "
        "would you search learning rate, warmup, weight decay and batch size? Compare random, Bayesian, "
        "successive-halving and population-based approaches, and the pitfalls."
    ),
    "int4-rollout-stakeholder-disagreement": (
        "You want to serve the 70B production chatbot with 4-bit weights on a quarter of the GPUs to halve its "
        "cost, but the research lead insists low-bit quantization ruins reasoning and product fears user "
        "complaints. How do you resolve it and get to a decision?"
    ),
    "kv-cache-budget-gqa-70b": (
        "For a Llama-3-70B-shaped model with grouped-query attention served in bf16 over four 80GB GPUs, how much "
        "key/value cache memory does each token take, and how many 8K-long requests fit at once? What options "
        "increase that count, and at what price?"
    ),
    "launch-before-fault-tolerance-ready": (
        "A researcher wants to kick off a multi-week pretraining job on 2,048 GPUs next week, but your platform's "
        "auto-recovery, hang alerts and restore tests are unfinished, and a recent smaller job lost two days to an "
        "unnoticed stall and a corrupt checkpoint. They promise to watch it by hand. What do you do?"
    ),
    "llm-latency-vs-throughput-metrics": (
        "A PM says the LLM endpoint needs to be quicker. What speed and capacity metrics would you define, how do "
        "they pull against each other as you change batching and concurrency, and which matter for a live chatbot "
        "compared with an offline bulk summarization pipeline?"
    ),
    "llm-prefix-vs-semantic-cache": (
        "Our support bot on self-hosted vLLM sends a long fixed system prompt plus retrieved docs and chat history "
        "on every call, and finance wants GPU spend cut through caching. Compare reusing attention state for "
        "shared prompt prefixes with answering similar queries from an embedding-keyed response store: savings, "
        "failure modes and rollout across replicas."
    ),
    "llm-serving-peak-capacity-plan": (
        "We expect about 200 requests per second on average and three times that at peak, with roughly 1.5k input "
        "and 300 output tokens each and p95 targets of 1 second to the first token and 50 ms between tokens. How "
        "many GPUs do we need for the peak, and how do we avoid wasting money outside busy hours?"
    ),
    "llm-serving-retries-degradation": (
        "After an outage where one stuck GPU replica kept taking connections, retry storms from clients and the "
        "gateway tripled load and took the whole streaming chat service down for 40 minutes. How would you "
        "redesign timeouts, retry policy, health checks, load shedding and fallbacks?"
    ),
    "llm-tail-latency-long-prompt-debugging": (
        "Since a retrieval feature with 8k-token prompts started sharing our vLLM cluster with a short-message "
        "chat app, the 99th-percentile wait for the first token has multiplied and chat streams pause mid-reply, "
        "while medians and GPU usage look fine. How would you find the cause and fix it?"
    ),
    "lora-vs-qlora-vs-full-finetuning": (
        "To specialise a 70B open model for a domain, how do updating all weights, low-rank adapters, and adapters "
        "on a 4-bit base compare in GPU memory, training throughput and quality, and how does each affect serving?"
    ),
    "loss-spike-rollback-sdc": (
        "Deep into a 70B pretraining job on about 1,000 GPUs, the loss jumps from 1.9 to 4 over a few hundred "
        "steps with a gradient-norm spike but no crash or NaN. How do you tell a data problem from an optimizer "
        "instability or faulty hardware silently corrupting numbers, and how do you recover while keeping the run?"
    ),
    "lr-warmup-and-decay-schedule": (
        "Why do people ramp the learning rate up at the start of transformer training and then lower it (cosine, "
        "linear, or a constant phase followed by decay)? What fails if you skip the ramp, and how do you pick a "
        "schedule when the final token count isn't known?"
    ),
    "mfu-vs-nvidia-smi-utilization": (
        "GPU monitoring says every card is almost fully busy, yet training costs way more than budgeted. What is "
        "the ratio of achieved model FLOPs to peak, how do you calculate it for a dense transformer, and why can it "
        "be low while the utilization metric reads near 100%?"
    ),
    "model-registry-lineage": (
        "What information should a central catalogue keep about every trained model version, and why does tracing "
        "where a model came from help when a production model misbehaves?"
    ),
    "model-regression-postmortem": (
        "A new support-bot model cleared the offline tests and a small canary, then went to everyone; two weeks "
        "later you learn it answers non-English users much worse, about 8% of traffic. What do you do in the first "
        "hours, and how do you run the incident review?"
    ),
    "multi-tenant-lora-serving": (
        "We host roughly 300 per-customer adapters on one shared 8B base model plus some small classifiers; a few "
        "customers dominate traffic and most get a few requests an hour. Dedicated GPUs per model are "
        "unaffordable. How would you serve them all, and what are the trade-offs?"
    ),
    "online-batch-streaming-inference-choice": (
        "A retailer needs model predictions for a nightly email of personalized products, for related-item "
        "suggestions on product pages, and for detecting fraud in clickstream events within about a minute. Which "
        "inference mode (offline batch, synchronous at request time, or stream processing) fits each, and why?"
    ),
    "pagedattention-kv-fragmentation": (
        "What memory problem does vLLM's paged management of the KV cache solve, how does the block-based "
        "mechanism work, what does it enable besides saving memory, and what overhead does it add?"
    ),
    "parallelism-layout-70b-long-context": (
        "Plan how to split a 70B model's pretraining over 1,024 H100s in 8-GPU NVLink nodes joined by InfiniBand, "
        "first at 8K sequence length and later at 128K. How do you combine sharded data parallel, tensor, pipeline "
        "and sequence/context parallelism, map them onto the network, size each degree, and adapt for long context?"
    ),
    "pipeline-bubble-microbatch-schedules": (
        "With 8 pipeline stages and 16 micro-batches per step, how much idle time does the pipeline have, how do "
        "GPipe and one-forward-one-backward scheduling compare on activation memory, and which options reduce the "
        "idle time and at what cost?"
    ),
    "prefill-decode-disaggregation-design": (
        "For a retrieval-augmented assistant with inputs of several thousand tokens, short outputs, and separate "
        "targets for first-token time and per-token time, would you run prompt processing and generation on the "
        "same GPUs with chunking, or split them onto different GPU pools? Defend it and say what you'd measure."
    ),
    "pretraining-data-dedup-and-mixture": (
        "Building the corpus for a 7B pretraining run from several Common Crawl dumps plus smaller high-quality "
        "code, book and paper sets, with more tokens planned than you have unique good data: how do you handle "
        "near-duplicate removal, filtering, source weighting and ordering, and how do you validate the choices?"
    ),
    "ptq-vs-qat-decision": (
        "How does quantizing a model after it is trained differ from simulating quantization while training it, "
        "how do you choose for a model you are shipping, and what does each cost?"
    ),
    "push-back-on-batch-size-scale-up": (
        "The team plans to go from 256 to 1,024 GPUs and scale the global batch by the same factor to finish "
        "pretraining 4x faster on the same tokens, but you think that batch is far past the point of diminishing "
        "returns. How do you handle the disagreement, what data do you collect, and how is the decision made?"
    ),
    "pushback-unrealistic-latency-target": (
        "Your VP promised a major customer sub-second p99 full responses from your 70B assistant at the current "
        "per-request cost, but your tests on H100 nodes show around four seconds for 300-token answers. How do "
        "you deal with it, with the VP and on the engineering side?"
    ),
    "roofline-compute-vs-memory-bound": (
        "What is the roofline performance model, and how does it explain why big GEMMs are limited by arithmetic "
        "throughput on a GPU while normalization layers and activation functions are limited by memory bandwidth? "
        "How does that change how you speed each one up?"
    ),
    "shadow-deployment-fraud-model": (
        "Before a new payments fraud classifier affects real users, you want it to run silently alongside the "
        "current one. How would you set that up, and what can and can't you learn from it?"
    ),
    "speculative-decoding-when-it-pays": (
        "The team wants a small model to propose tokens that the 70B model then verifies, to lower chat latency. "
        "Why does this not change the output distribution, what speed-up can you expect given the acceptance rate "
        "and the number of proposed tokens, and when does it stop helping or slow things down?"
    ),
    "spot-fault-tolerant-training": (
        "How would you architect distributed training on cheap interruptible cloud VMs so that evictions waste "
        "little work, including how often to save state, handling workers that join and leave, a deterministic "
        "data order, and restarting on a different GPU type?"
    ),
    "tensor-parallel-across-nodes-slowdown": (
        "To fit a model, a team increased the tensor-parallel size from 8 to 16 so it crossed machine boundaries; "
        "each step became more than twice as slow and utilization dropped although per-GPU compute shrank. What "
        "is going on, how would you prove it, and what split would be better?"
    ),
    "torchrun-elastic-node-failure": (
        "In a four-node FSDP run launched with torchrun and c10d rendezvous, a GPU on one node dies mid-training "
        "and its process exits. What does the elastic launcher do automatically, and what must your own training "
        "code handle so the job resumes properly rather than merely restarting?"
    ),
    "training-hang-straggler-detection": (
        "For a synchronous job on 2,048 GPUs that once sat stuck for six hours unnoticed and sometimes runs a third "
        "slower for hours without errors, how would you detect stalls and slow nodes (which metrics, which "
        "timeouts) and automate going from 'something is wrong' to finding and swapping the bad machine?"
    ),
    "training-serving-skew-ctr-debugging": (
        "A click prediction model won on offline AUC, but after launch real clicks dropped and its predicted "
        "probabilities are consistently above the observed rates. How would you track down the reason and prevent "
        "a repeat?"
    ),
    "training-vs-inference-cost-per-model-version": (
        "Each month we retrain a 7B LLM on about 100B tokens, and it then handles about 20B tokens a day in "
        "production until replaced. Leadership asks whether next quarter's efficiency effort belongs in training "
        "or in serving. How would you compare one version's training spend with its lifetime serving spend, and "
        "use that to choose?"
    ),
    "training-vs-latency-prioritization": (
        "Leading a small team on a product with a million daily users, how would you choose between speeding up "
        "model iteration and cutting cloud spend on training, versus making responses faster for users: how to "
        "score and rank the work, who to talk to, and what to do now versus later?"
    ),
    "unstructured-vs-2-4-vs-structured-pruning": (
        "Someone removed half of a transformer's weights by magnitude, fine-tuned it, and kept accuracy, but "
        "inference on GPU got no faster. Why not? Compare arbitrary sparsity, NVIDIA's 2-of-4 pattern, and "
        "removing whole channels or heads, for accuracy and real speed-up."
    ),
    "w8a8-activation-outliers-debugging": (
        "After quantizing both weights and activations of a 13B LLM to 8-bit with a single static scale per "
        "tensor from 512 calibration samples, perplexity explodes and the output is gibberish, whereas quantizing "
        "only the weights worked. What is the likely cause, how do you verify it, and how do you fix it?"
    ),
    "zero-sharding-stages": (
        "How does DeepSpeed's ZeRO partition optimizer states, gradients and parameters across data-parallel ranks "
        "in its three stages, what do you gain in memory versus lose in communication and complexity, and which "
        "stage would you choose for training very large transformers?"
    ),
}


@pytest.fixture(scope="module")
def store(
    data_dir_with_bank: Callable[[str], Path], embedder: Embedder, bank_questions: dict[str, Question]
) -> Iterator[KnowledgeStore]:
    chroma_dir = load_settings(data_dir=data_dir_with_bank("retrieval")).chroma_dir  # the session's embedded bank
    knowledge = KnowledgeStore(open_client(chroma_dir), embedder)
    assert ingest(knowledge, list(bank_questions.values())).embedded_texts == 0  # nothing left to embed
    yield knowledge


def test_one_paraphrase_per_question(bank_questions: dict[str, Question]) -> None:
    trade_offs = {qid for qid, q in bank_questions.items() if q.bank == "trade-offs"}
    assert set(PARAPHRASES) == trade_offs


def test_each_paraphrase_retrieves_its_question_in_the_top_3(store: KnowledgeStore) -> None:
    missed = {}
    for question_id, paraphrase in PARAPHRASES.items():
        hits = store.search_questions(paraphrase, k=TOP_K)
        if question_id not in [h.question_id for h in hits]:
            missed[question_id] = [(h.question_id, round(h.similarity, 3)) for h in hits]
    assert missed == {}
