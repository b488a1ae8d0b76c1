package dev.fulcrum.rules.internal;

import dev.fulcrum.rules.PlannedAction;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rule's action as a typed value, parsed from what the operator wrote. {@link #publishes} names the public event
 * types its effect publishes, so that a rule whose actions would trigger the rule itself is refused at save.
 */
public sealed interface RuleAction {

    List<String> TYPES = List.of(
            "hold",
            "release",
            "add-tag",
            "remove-tag",
            "set-attribute",
            "cancel",
            "resource",
            "approval",
            "task",
            "notify",
            "flow-action");

    String type();

    /** What it does, in words, for try, dry-run and run reports. */
    String describe();

    /** The public event types applying it may publish. */
    List<String> publishes();

    default PlannedAction planned() {
        return new PlannedAction(type(), describe());
    }

    record Hold(String hold, String reason) implements RuleAction {
        @Override
        public String type() {
            return "hold";
        }

        @Override
        public String describe() {
            return "hold " + hold + ": " + reason;
        }

        @Override
        public List<String> publishes() {
            return List.of("order.held");
        }
    }

    record Release(@Nullable String hold) implements RuleAction {
        @Override
        public String type() {
            return "release";
        }

        @Override
        public String describe() {
            return hold == null ? "release every hold" : "release hold " + hold;
        }

        @Override
        public List<String> publishes() {
            return List.of("order.released");
        }
    }

    record AddTag(String tag) implements RuleAction {
        @Override
        public String type() {
            return "add-tag";
        }

        @Override
        public String describe() {
            return "add tag " + tag;
        }

        @Override
        public List<String> publishes() {
            return List.of("order.updated");
        }
    }

    record RemoveTag(String tag) implements RuleAction {
        @Override
        public String type() {
            return "remove-tag";
        }

        @Override
        public String describe() {
            return "remove tag " + tag;
        }

        @Override
        public List<String> publishes() {
            return List.of("order.updated");
        }
    }

    record SetAttribute(String name, Object value) implements RuleAction {
        @Override
        public String type() {
            return "set-attribute";
        }

        @Override
        public String describe() {
            return "set attribute " + name + " = " + value;
        }

        @Override
        public List<String> publishes() {
            return List.of("order.updated");
        }
    }

    record Cancel(String reason) implements RuleAction {
        @Override
        public String type() {
            return "cancel";
        }

        @Override
        public String describe() {
            return "cancel: " + reason;
        }

        @Override
        public List<String> publishes() {
            return List.of("order.cancelled");
        }
    }

    /** Sources the order again; {@code profile} names the profile to use, which must be the active one today. */
    record Resource(@Nullable String profile) implements RuleAction {
        @Override
        public String type() {
            return "resource";
        }

        @Override
        public String describe() {
            return profile == null ? "source again" : "source again with profile " + profile;
        }

        @Override
        public List<String> publishes() {
            return List.of("order.allocated", "order.backordered");
        }
    }

    record Approval(List<Step> chain, String onReject, Duration stepTimeout) implements RuleAction {
        public Approval {
            chain = List.copyOf(chain);
        }

        @Override
        public String type() {
            return "approval";
        }

        @Override
        public String describe() {
            return "ask approval of "
                    + String.join(
                            " then ",
                            chain.stream()
                                    .map(step -> step.role() != null
                                            ? "role " + step.role()
                                            : "users " + String.join(", ", step.users()))
                                    .toList());
        }

        @Override
        public List<String> publishes() {
            return List.of("order.held");
        }

        /** One step of the chain, as {@link dev.fulcrum.approvals.ApprovalRequests.Step}. */
        public record Step(
                @Nullable String role,
                List<String> users,
                @Nullable String when) {
            public Step {
                users = List.copyOf(users);
            }
        }
    }

    record Task(String team, String title, @Nullable Duration dueIn) implements RuleAction {
        @Override
        public String type() {
            return "task";
        }

        @Override
        public String describe() {
            return "task for " + team + ": " + title;
        }

        @Override
        public List<String> publishes() {
            return List.of();
        }
    }

    /** A webhook event {@code rule.notification}, or an e-mail to {@code to}. */
    record Notify(String channel, @Nullable String to, String subject, String message) implements RuleAction {
        @Override
        public String type() {
            return "notify";
        }

        @Override
        public String describe() {
            return channel.equals("email") ? "e-mail " + to + ": " + subject : "notify (webhook): " + subject;
        }

        @Override
        public List<String> publishes() {
            return channel.equals("email") ? List.of() : List.of("rule.notification");
        }
    }

    /**
     * An action of the order's flow by name. What it publishes depends on the flow, so it is not known at save; the
     * run-time guard stops a loop through it.
     */
    record FlowAction(String action, @Nullable String reason) implements RuleAction {
        @Override
        public String type() {
            return "flow-action";
        }

        @Override
        public String describe() {
            return "flow action " + action;
        }

        @Override
        public List<String> publishes() {
            return List.of();
        }
    }
}
