package dev.fulcrum.contracts.internal;

import dev.fulcrum.contracts.ContractDocument;
import java.util.List;

/** Renders the shipped contracts as the human-readable page {@code docs/contracts.md}, in English and Chinese. */
public final class ContractsDocument {

    private ContractsDocument() {}

    public static String render(List<ContractDocument> contracts) {
        StringBuilder page = new StringBuilder();
        page.append("# Fulcrum data contracts / 数据契约\n\n")
                .append(
                        "Generated from the shipped contracts (`src/main/resources/contracts/`) by `ContractsDocumentTests`;")
                .append(" do not edit by hand. Tenants may activate newer versions: `GET /api/v1/contracts/{name}`")
                .append(
                        " shows the one in force. See [the guide](guide/contracts.md) ([简体中文](guide/contracts.zh-CN.md)).\n\n")
                .append("由随附契约生成，请勿手工编辑。租户可以启用更新的版本，当前生效的版本见 `GET /api/v1/contracts/{name}`。\n");
        for (ContractDocument contract : contracts) {
            page.append("\n## `")
                    .append(contract.name())
                    .append("`: ")
                    .append(contract.title().en())
                    .append(" / ")
                    .append(contract.title().zh())
                    .append("\n\n");
            page.append("Kind: ")
                    .append(contract.kind())
                    .append(". Owner: ")
                    .append(contract.owner())
                    .append(". Rules read the subject as `")
                    .append(contract.subject())
                    .append("`.");
            ContractDocument.Freshness freshness = contract.freshness();
            if (freshness != null) {
                page.append(" Freshness objective: `")
                        .append(freshness.from())
                        .append("` to commit within ")
                        .append(freshness.objective())
                        .append(" at p")
                        .append(freshness.percentile())
                        .append('.');
            }
            ContractDocument.Quality quality = contract.quality();
            if (quality != null) {
                page.append(" Quality threshold: ")
                        .append(String.format(java.util.Locale.ROOT, "%.1f", quality.minimumSoftPassRatio() * 100))
                        .append(" % of subjects pass every soft rule over ")
                        .append(quality.window())
                        .append('.');
            }
            page.append("\n\n### Fields / 字段\n\n")
                    .append("| field | type | unit | required | source | owner | meaning | 含义 |\n")
                    .append("|---|---|---|---|---|---|---|---|\n");
            for (ContractDocument.Field field : contract.fields()) {
                page.append("| `").append(field.path()).append("` | ").append(field.type());
                if (field.format() != null) {
                    page.append(" (").append(field.format()).append(')');
                }
                page.append(" | ")
                        .append(field.unit() == null ? "—" : cell(field.unit()))
                        .append(" | ")
                        .append(field.required() ? "yes" : "no")
                        .append(" | ")
                        .append(cell(field.source()))
                        .append(" | ")
                        .append(cell(field.owner()))
                        .append(" | ")
                        .append(cell(field.meaning().en()))
                        .append(" | ")
                        .append(cell(field.meaning().zh()))
                        .append(" |\n");
            }
            if (!contract.rules().isEmpty()) {
                page.append("\n### Rules / 规则\n\n")
                        .append("| rule | severity | field | CEL | message | 说明 |\n")
                        .append("|---|---|---|---|---|---|\n");
                for (ContractDocument.Rule rule : contract.rules()) {
                    page.append("| `")
                            .append(rule.name())
                            .append("` | ")
                            .append(rule.severity())
                            .append(" | `")
                            .append(rule.field())
                            .append("` | `")
                            .append(cell(rule.expression()))
                            .append("` | ")
                            .append(cell(rule.message().en()))
                            .append(" | ")
                            .append(cell(rule.message().zh()))
                            .append(" |\n");
                }
            }
        }
        return page.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
