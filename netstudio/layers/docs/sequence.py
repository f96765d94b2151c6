"""Explanations for embeddings, recurrent layers, attention and Transformer blocks.

NetStudio's recurrent layers are always batch_first with two outputs ("sequence": every step,
"last": final hidden state, both directions concatenated); attention gets no mask. The texts
say so because learners who read PyTorch tutorials expect (T, B, F) tensors and an (out, h_n) tuple.
"""

from ..sequence import CATEGORY
from ._shared import P

NAME = P("Sequence & attention", "序列与注意力")


def _recurrent_params(rnn: bool = False) -> dict[str, dict[str, str]]:
    params = {
        "input_size": P("Features per time step (last dimension of the input); NetStudio infers it from the graph.",
                        "每个时间步的特征数（输入的最后一维），由 NetStudio 根据图自动推断。"),
        "hidden_size": P("Size of the hidden state: each output has this many features (twice as many when "
                         "bidirectional).",
                         "隐藏状态的大小：每个输出有这么多个特征（双向时为两倍）。"),
        "num_layers": P("Number of stacked recurrent layers; each reads the sequence output of the one below.",
                        "堆叠的循环层数；每一层读取下一层输出的序列。"),
        "bias": P("Use the bias terms b_ih and b_hh of the equations (true by default).",
                  "是否使用公式中的偏置项 b_ih 和 b_hh（默认为 true）。"),
        "dropout": P("Dropout applied between stacked layers (not after the last one); no effect when "
                     "num_layers = 1.",
                     "在堆叠的层与层之间使用的 Dropout 概率（最后一层之后不使用）；num_layers = 1 时不起作用。"),
        "bidirectional": P("Also read the sequence backwards and concatenate both directions (2·hidden_size "
                           "features).",
                           "同时反向读取序列，并把两个方向的结果拼接起来（特征数为 2×hidden_size）。"),
    }
    if rnn:
        params["nonlinearity"] = P("Activation of the hidden state: tanh (classic) or relu.",
                                   "隐藏状态使用的激活函数：tanh（经典做法）或 relu。")
    return params


DOCS: dict[str, dict] = {
    "Embedding": {
        "en": "Embedding is a lookup table that turns each token id, a whole number from 0 to num_embeddings − 1, "
              "into a learnable vector of embedding_dim numbers, so a sequence of T ids becomes (T, embedding_dim). "
              "Use it as the first layer for words or characters, with the Input's dtype set to int64. "
              "num_embeddings must be at least the vocabulary size, otherwise a larger id raises an index error "
              "during training. Feeding it one-hot vectors or floating-point values instead of ids is a common "
              "mistake.",
        "zh": "嵌入层（Embedding）是一张查找表，把每个词元编号（0 到 num_embeddings − 1 之间的整数）映射为一个长度为 "
              "embedding_dim 的可学习向量，于是长度为 T 的编号序列变成 (T, embedding_dim)。它通常作为处理单词或字符的"
              "第一层，此时输入层的 dtype 要设为 int64。num_embeddings 至少要等于词表大小，否则训练时遇到更大的编号会"
              "报索引越界错误。常见错误是输入 one-hot 向量或浮点数，而不是整数编号。",
        "formula": "y = W[x],  W: (num_embeddings, embedding_dim)",
        "params": {
            "num_embeddings": P("Number of different token ids (the vocabulary size); ids run from 0 to this − 1.",
                                "不同词元编号的个数（词表大小）；编号范围为 0 到该值减 1。"),
            "embedding_dim": P("Length of the vector learned for each token.", "为每个词元学习的向量长度。"),
            "padding_idx": P("Id of the padding token: its vector starts at zero and is never updated.",
                             "填充符的编号：它的向量初始为零，并且在训练中不会被更新。"),
        },
    },
    "RNN": {
        "en": "RNN, the simple (Elman) recurrent neural network, reads a sequence (time steps, features) one step "
              "at a time and updates a hidden state from the current input and the previous state. In NetStudio "
              "it is always batch_first and has two outputs: sequence gives the hidden state of every step, "
              "(T, hidden_size), and last gives the final hidden state, (hidden_size,), ready for a Linear "
              "classifier. When bidirectional, both directions are concatenated (2·hidden_size). Plain RNNs forget "
              "over long sequences because their gradients vanish or explode, so prefer LSTM or GRU beyond a few "
              "dozen steps.",
        "zh": "RNN（简单循环神经网络，即 Elman 网络）按时间步逐个读取序列 (时间步数, 特征数)，用当前输入和上一时刻的"
              "隐藏状态更新隐藏状态。在 NetStudio 中它总是 batch_first，并有两个输出：sequence 给出每个时间步的隐藏"
              "状态 (T, hidden_size)，last 给出最终的隐藏状态 (hidden_size,)，可以直接送入全连接层做分类。双向时，两个"
              "方向的结果拼接在一起（2×hidden_size）。由于梯度消失或梯度爆炸，简单 RNN 很难记住长序列中的信息，序列"
              "超过几十步时应优先使用 LSTM 或 GRU。",
        "formula": "hₜ = tanh(xₜ·W_ihᵀ + b_ih + hₜ₋₁·W_hhᵀ + b_hh)",
        "params": _recurrent_params(rnn=True),
    },
    "LSTM": {
        "en": "LSTM (long short-term memory) is a recurrent layer with a memory cell c and three gates, input, "
              "forget and output, that decide what to write, keep and reveal, so information and gradients "
              "survive over long sequences. It reads (time steps, features); NetStudio always uses batch_first and "
              "gives two outputs: sequence, the hidden state at every step (T, hidden_size), for step-by-step "
              "tasks such as next-character prediction, and last, the final hidden state (hidden_size,), for "
              "classifying a whole sequence. With bidirectional = true both outputs concatenate the two directions "
              "(2·hidden_size). To read an image row by row, first Reshape (1, 28, 28) to [28, 28]; input_size is "
              "filled in from the graph.",
        "zh": "长短期记忆网络（LSTM）是一种带有记忆单元 c 和三个门（输入门、遗忘门、输出门）的循环层，这些门决定写入、"
              "保留和输出哪些信息，使信息和梯度能够在长序列中传递。它的输入为 (时间步数, 特征数)；NetStudio 总是使用 "
              "batch_first，并提供两个输出：sequence 是每个时间步的隐藏状态 (T, hidden_size)，用于逐步预测下一个字符"
              "这类任务；last 是最终的隐藏状态 (hidden_size,)，用于对整个序列分类。bidirectional = true 时，两个输出"
              "都把两个方向的结果拼接起来（2×hidden_size）。若要逐行读取图像，先用 Reshape 把 (1, 28, 28) 变为 "
              "[28, 28]；input_size 由图自动填写。",
        "formula": "iₜ = σ(W_ii·xₜ + b_ii + W_hi·hₜ₋₁ + b_hi)\n"
                   "fₜ = σ(W_if·xₜ + b_if + W_hf·hₜ₋₁ + b_hf)\n"
                   "gₜ = tanh(W_ig·xₜ + b_ig + W_hg·hₜ₋₁ + b_hg)\n"
                   "oₜ = σ(W_io·xₜ + b_io + W_ho·hₜ₋₁ + b_ho)\n"
                   "cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ\n"
                   "hₜ = oₜ ⊙ tanh(cₜ)",
        "params": _recurrent_params(),
    },
    "GRU": {
        "en": "GRU (gated recurrent unit) is a lighter alternative to LSTM: an update gate and a reset gate control "
              "a single hidden state with no separate memory cell, so it has a quarter fewer parameters (three "
              "weight blocks instead of four) and often learns as well. NetStudio uses batch_first and gives the "
              "same two outputs as LSTM: sequence (T, hidden_size) for every step and last (hidden_size,) for the "
              "final state, both directions concatenated when bidirectional. The dropout parameter only has an "
              "effect with num_layers of 2 or more, because it acts between stacked layers.",
        "zh": "门控循环单元（GRU）是 LSTM 的轻量替代：由更新门和重置门控制唯一的隐藏状态，没有单独的记忆单元，因此"
              "参数比 LSTM 少四分之一（3 组权重而不是 4 组），学习效果却往往相当。NetStudio 使用 batch_first，并提供与 "
              "LSTM 相同的两个输出：sequence (T, hidden_size) 是每个时间步的结果，last (hidden_size,) 是最终状态，双向"
              "时两个方向拼接在一起。dropout 参数只在 num_layers 不小于 2 时起作用，因为它作用在堆叠的层与层之间。",
        "formula": "rₜ = σ(W_ir·xₜ + b_ir + W_hr·hₜ₋₁ + b_hr)\n"
                   "zₜ = σ(W_iz·xₜ + b_iz + W_hz·hₜ₋₁ + b_hz)\n"
                   "nₜ = tanh(W_in·xₜ + b_in + rₜ ⊙ (W_hn·hₜ₋₁ + b_hn))\n"
                   "hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁",
        "params": _recurrent_params(),
    },
    "MultiheadAttention": {
        "en": "MultiheadAttention lets every position of a sequence look at all positions of another (or the "
              "same) sequence and take a weighted average of their values, the weights measuring how well the "
              "query matches each key. It runs num_heads such attentions in parallel on embed_dim / num_heads "
              "features each, so embed_dim, which NetStudio takes from the query, must be divisible by num_heads. "
              "Connect only the query port for self-attention, or connect key (and value, which defaults to the "
              "key) to attend to another sequence; the output has the query's shape (L, embed_dim). NetStudio "
              "applies no mask, so every position also sees later ones: fine for classifying a sequence, but a "
              "next-token predictor built this way can cheat by reading the answer.",
        "zh": "多头注意力层（MultiheadAttention）让序列中的每个位置查看另一个（或同一个）序列的所有位置，并对它们的值"
              "（value）做加权平均，权重衡量查询（query）与每个键（key）的匹配程度。它并行运行 num_heads 个这样的注意力"
              "头，每个头处理 embed_dim / num_heads 个特征，因此 embed_dim（NetStudio 从 query 的形状推断）必须能被 "
              "num_heads 整除。只连接 query 端口就是自注意力；连接 key（以及 value，未连接时与 key 相同）则关注另一个"
              "序列；输出的形状与 query 相同，为 (L, embed_dim)。NetStudio 不使用掩码，所以每个位置也能看到后面的位置："
              "对整个序列分类没有问题，但用这种结构预测下一个词元时，模型可以直接“偷看”答案。",
        "formula": "Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k)·V,  d_k = embed_dim / num_heads\n"
                   "MultiHead(Q, K, V) = Concat(head₁, …, head_h)·W_O,  headᵢ = Attention(Q·W_Qᵢ, K·W_Kᵢ, V·W_Vᵢ)",
        "params": {
            "embed_dim": P("Features per position of the query; NetStudio infers it from the graph.",
                           "query 每个位置的特征数，由 NetStudio 根据图自动推断。"),
            "num_heads": P("Number of attention heads; it must divide embed_dim.",
                           "注意力头的个数，必须能整除 embed_dim。"),
            "dropout": P("Dropout on the attention weights during training.", "训练时对注意力权重使用的 Dropout 概率。"),
            "bias": P("Add learnable biases to the query, key, value and output projections.",
                      "是否为 query、key、value 和输出的线性投影加可学习的偏置。"),
        },
    },
    "TransformerEncoderLayer": {
        "en": "TransformerEncoderLayer is one block of a Transformer encoder: multi-head self-attention followed by "
              "a small feed-forward network (Linear, activation, Linear with dim_feedforward hidden units), each "
              "wrapped in a residual connection and a LayerNorm. It keeps the shape (length, d_model), so blocks "
              "can be stacked, and nhead must divide d_model, which is filled in from the graph. Attention ignores "
              "order, so put a PositionalEncoding after the Embedding, and remember that NetStudio applies no "
              "causal mask, so every position sees the whole sequence. norm_first = true (pre-norm) is usually more "
              "stable for deep stacks.",
        "zh": "Transformer 编码器层（TransformerEncoderLayer）是 Transformer 编码器的一个基本模块：先做多头自注意力，"
              "再经过一个小型前馈网络（Linear、激活函数、Linear，隐藏单元数为 dim_feedforward），两部分都带有残差连接"
              "和层归一化。它保持形状 (长度, d_model) 不变，因此可以堆叠多层；nhead 必须能整除 d_model，d_model 由图"
              "自动填写。注意力本身不考虑顺序，所以要在嵌入层之后加 PositionalEncoding；还要注意 NetStudio 不使用因果"
              "掩码，每个位置都能看到整个序列。norm_first = true（先归一化，Pre-LN）在堆叠很多层时通常更稳定。",
        "formula": "norm_first = false:  x = LN(x + SA(x)),  x = LN(x + FF(x))\n"
                   "norm_first = true:   x = x + SA(LN(x)),  x = x + FF(LN(x))\n"
                   "FF(x) = Linear₂(Dropout(act(Linear₁(x))))",
        "params": {
            "d_model": P("Features per position; NetStudio infers it from the graph.",
                         "每个位置的特征数，由 NetStudio 根据图自动推断。"),
            "nhead": P("Number of attention heads; it must divide d_model.", "注意力头的个数，必须能整除 d_model。"),
            "dim_feedforward": P("Hidden units of the feed-forward network, often 2 to 4 times d_model.",
                                 "前馈网络的隐藏单元数，通常取 d_model 的 2～4 倍。"),
            "dropout": P("Dropout after attention and inside the feed-forward network during training.",
                         "训练时在注意力之后和前馈网络内部使用的 Dropout 概率。"),
            "activation": P("Activation of the feed-forward network: relu or gelu.", "前馈网络的激活函数：relu 或 gelu。"),
            "layer_norm_eps": P("Small number added to the variance in the LayerNorms.",
                                "层归一化中加在方差上的小常数。"),
            "norm_first": P("Apply LayerNorm before attention and feed-forward (pre-norm) instead of after.",
                            "在注意力和前馈网络之前（而不是之后）做层归一化，即 Pre-LN。"),
        },
    },
    "PositionalEncoding": {
        "en": "PositionalEncoding adds the fixed sine and cosine signals of \"Attention Is All You Need\" to a "
              "sequence (length, d_model), so that attention layers, which otherwise ignore order, can tell "
              "positions apart. It has no learnable parameters, keeps the shape and then applies Dropout with "
              "probability dropout. Put it right after the Embedding; d_model must be even and the sequence may not "
              "be longer than max_len.",
        "zh": "位置编码层（PositionalEncoding）把《Attention Is All You Need》中固定的正弦、余弦信号加到序列 "
              "(长度, d_model) 上，使本身不考虑顺序的注意力层能够区分不同的位置。它没有可学习参数，不改变形状，之后再以"
              "概率 dropout 做一次 Dropout。把它紧接在嵌入层之后；d_model 必须是偶数，序列长度不能超过 max_len。",
        "formula": "PE(pos, 2i) = sin(pos / 10000^(2i/d_model))\n"
                   "PE(pos, 2i+1) = cos(pos / 10000^(2i/d_model))\n"
                   "y = Dropout(x + PE)",
        "params": {
            "d_model": P("Features per position (must be even); NetStudio infers it from the graph.",
                         "每个位置的特征数（必须为偶数），由 NetStudio 根据图自动推断。"),
            "max_len": P("Longest sequence the table of positions covers.", "位置编码表所能覆盖的最长序列长度。"),
            "dropout": P("Dropout applied after adding the positions, during training.",
                         "训练时在加上位置编码之后使用的 Dropout 概率。"),
        },
    },
}
