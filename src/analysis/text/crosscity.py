"""The prose of the cross-city comparison, in English and Chinese (each passage in both languages).

>>> say("outcome_caution", "zh").startswith("注意")
True
"""
from __future__ import annotations

__all__ = ["TXT", "say"]

TXT = {
    "nr_caution": (
        "Not reported is not absent. A source that does not mention a mechanism has not said the site lacks it. "
        "The matrix keeps three states, and the comparison is computed under three readings of 'not reported': "
        "kept as missing (only mechanisms both sites report are compared), multiply imputed (each not-reported "
        "cell drawn present with the probability the mechanism has among the sites whose sources describe its "
        "element; the clustering is repeated on every imputed matrix and combined as a co-clustering matrix), "
        "and read as absent.",
        "未报告不等于没有。原文未提及某机制，并不表示该地没有该机制。矩阵保留三种状态，比较在“未报告”的三种读法下"
        "分别计算：作缺失（仅比较两地均有报告的机制）、多重插补（按描述了该要素的地点中该机制出现的比例随机补齐，"
        "对每个插补矩阵重复聚类并合并为共聚类矩阵）、作没有。"),
    "criterion": (
        "Criterion for the headline reading, fixed in the parameters before the adjudicated coding was analysed "
        "(max_zero_share, min_cophenetic, min_stability): a reading is admissible if (1) its distances are "
        "informative: every pair of sites has at least one jointly reported mechanism and at most "
        "max_zero_share of the distances are 0; "
        "(2) its tree keeps the distances: cophenetic correlation at least min_cophenetic (for the imputed "
        "reading, the mean over the imputations); (3) its clusters are stable: the mean clusterwise stability "
        "(Hennig's Jaccard) under resampling of sites and of mechanisms is at least min_stability. Among "
        "admissible readings the headline is the one that assumes least about not-reported cells (missing, then "
        "imputed, then absent): stability is a condition, not a score, because reading 'not reported' as absent "
        "invents certainty and would win any contest of stability by construction. If no reading is admissible, "
        "the one meeting most conditions heads the report and this is said.",
        "主读法的判定标准（在分析裁决后编码之前即以参数确定：max_zero_share、min_cophenetic、min_stability）：一种读法须同时满足"
        "（1）距离有信息量：任意两地至少有一个共同报告的机制，且距离为0的比例不超过 max_zero_share；（2）聚类树能保留"
        "距离：共表型相关系数不低于 min_cophenetic（插补读法取各插补的均值）；（3）聚类稳定：按地点和按机制重抽样的"
        "平均类别稳定性（Hennig Jaccard）不低于 min_stability。满足条件的读法中，选对未报告单元假设最少者（依次为作缺失、"
        "插补、作没有）：稳定性只作门槛而不作评分，因为把未报告当作没有会人为制造确定性，必然在稳定性上占优。若无读法"
        "满足全部条件，则取满足条件最多者并予以说明。"),
    "agreement_method": (
        "Two coders coded every site x mechanism independently from the codebook and the sources. The second "
        "coder was a separate session given only the codebook, the elements, the site list and the plain-text "
        "sources, without the first coding or its notes; its coding is kept as delivered in "
        "data/coding/second_coding.csv. The first coding (data/coding/first_coding.csv) has no row for a cell the "
        "sources do not report; both are compared over all cells (sites x mechanisms), a missing first-coding row "
        "counting as 'not reported'. Agreement is given on two scales: present vs not (present against absent, not "
        "reported or conflict) and all values (the four categories). Cohen's kappa and its asymptotic 95% "
        "interval are computed by statsmodels (cut to [-1, 1]); with 18 sites per mechanism the per-mechanism "
        "intervals are wide.",
        "两名编码者依据编码手册与原文分别独立编码全部地点 × 机制。第二编码者为另一独立会话，只获得编码手册、要素、"
        "地点清单与原文纯文本，未见第一编码及其说明；其编码原样保存在 data/coding/second_coding.csv。第一编码"
        "（data/coding/first_coding.csv）对未报告单元不设行；两者在全部单元上逐一比较，第一编码缺行即视为“未报告”。"
        "一致性按两个尺度给出：有/非有（有 对 没有、未报告或冲突）与全部取值（四类）。Cohen kappa 及其渐近95%置信区间"
        "由 statsmodels 计算（截断于[-1, 1]）；每个机制只有18个地点，其区间较宽。"),
    "recode_method": (
        "After the revision both coders recoded the four revised mechanisms for all 18 sites under the revised "
        "rules. The second coder's recode (data/coding/second_recode.csv) was made blind, like its first coding: "
        "from the revised codebook, the elements, the site list and the sources only, and is kept as delivered. "
        "The first coder's side is what the first coder holds under the revised rules: the adjudicated matrix with "
        "the first coder's recode applied (data/coding/first_recode.csv). It is therefore not an independent "
        "recoding: it already contains the adjudication of the first round, many of whose resolutions took the "
        "second coder's value, and the revised rules were written in view of those disagreements. The kappa after "
        "the revision measures whether the second coder, applying the revised rules blind, reaches the coding the "
        "first coder now holds; it is not a fresh agreement of two independent codings and is optimistic. "
        "With 18 sites per mechanism the intervals are wide, and where kappa is 1 the asymptotic "
        "interval collapses to a point that says nothing about precision.",
        "修订后，两名编码者按修订规则对四个修订机制的全部18个地点重新编码。第二编码者的重编"
        "（data/coding/second_recode.csv）与其第一次编码一样为盲编：只依据修订后的编码手册、要素、地点清单与原文，"
        "原样保存。第一编码者一方为其按修订规则现持有的编码：裁决后矩阵加上第一编码者的重编"
        "（data/coding/first_recode.csv）。因此它并非独立重编：其中已包含第一轮裁决（不少裁决采用了第二编码者的取值），"
        "且修订规则是针对这些分歧写成的。修订后的kappa衡量第二编码者按修订规则盲编能否得到第一编码者现持有的编码，"
        "并非两次独立编码的新一致性，是偏乐观的估计。每个机制只有18个地点，区间较宽；kappa为1时渐近区间退化为一点，"
        "不反映精度。"),
    "outcome_caution": (
        "Caution: these are heterogeneous, self-reported indicators from sources of different evidence levels, "
        "measured over different periods and on different bases. They are shown side by side, values as printed; "
        "no pooled effect is computed because pooling them is not defensible. The relative change (in %, with its "
        "baseline) is a common unit only in the arithmetic sense: it makes the direction and size of each change "
        "readable, not the changes comparable.",
        "注意：这些指标异质、为自我报告，来源的证据等级不同，时期与口径各异。此处并列展示（数值按原文），"
        "不计算合并效应，因为合并缺乏依据。相对变化（%，附基线）只是算术意义上的统一单位：它使每项变化的方向与大小"
        "可读，并不使各项变化可比。"),
}


def say(key: str, lang: str) -> str:
    en, zh = TXT[key]
    return {"en": en, "zh": zh}.get(lang, en + "\n\n" + zh)
