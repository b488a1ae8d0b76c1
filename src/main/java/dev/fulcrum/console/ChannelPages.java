package dev.fulcrum.console;

import dev.fulcrum.channels.ChannelManagement;
import dev.fulcrum.channels.Connection;
import dev.fulcrum.shared.ApiProblem;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The channel connections, and the mapping page of a generic connection: edit the JSONata mapping, see what it makes
 * of a sample while typing (htmx posts mapping and sample to {@code /channels/{id}/mapping/try}), save it.
 */
@Controller
class ChannelPages {

    private final ChannelManagement channels;
    private final JsonMapper json;

    ChannelPages(ChannelManagement channels, JsonMapper json) {
        this.channels = channels;
        this.json = json;
    }

    @GetMapping("/channels")
    String list(Model model) {
        model.addAttribute("connections", channels.connections());
        return "console/channels";
    }

    @GetMapping("/channels/{id}/mapping")
    String mapping(@PathVariable String id, Model model) {
        Connection connection = channels.connection(connectionId(id));
        model.addAttribute("connection", connection);
        model.addAttribute("mapping", connection.mapping() == null ? "" : connection.mapping());
        model.addAttribute("sample", "");
        return "console/mapping";
    }

    /** The live result: the canonical order the mapping makes of the sample, or every problem. */
    @PostMapping("/channels/{id}/mapping/try")
    String tryMapping(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String mapping,
            @RequestParam(defaultValue = "") String sample,
            Model model) {
        trial(connectionId(id), mapping, sample, model);
        return "console/mapping :: result";
    }

    @PostMapping("/channels/{id}/mapping")
    String save(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String mapping,
            @RequestParam(defaultValue = "") String sample,
            Model model,
            RedirectAttributes redirect) {
        UUID connectionId = connectionId(id);
        try {
            channels.saveMapping(connectionId, mapping);
        } catch (ApiProblem refused) {
            model.addAttribute("connection", channels.connection(connectionId));
            model.addAttribute("mapping", mapping);
            model.addAttribute("sample", sample);
            model.addAttribute("saveProblem", refused);
            trial(connectionId, mapping, sample, model);
            return "console/mapping";
        }
        redirect.addFlashAttribute("saved", true);
        return "redirect:/channels/" + connectionId + "/mapping";
    }

    private void trial(UUID connectionId, String mapping, String sample, Model model) {
        if (sample.isBlank()) {
            model.addAttribute("trial", null);
            return;
        }
        ChannelManagement.MappingTrial trial =
                channels.tryMapping(connectionId, mapping.isBlank() ? null : mapping, sample);
        model.addAttribute("trial", trial);
        model.addAttribute(
                "orderJson",
                trial.order() == null
                        ? null
                        : json.writerWithDefaultPrettyPrinter().writeValueAsString(trial.order()));
    }

    static UUID connectionId(@Nullable String id) {
        try {
            return UUID.fromString(String.valueOf(id));
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("channel connection " + id + " does not exist");
        }
    }
}
