package dev.fulcrum.console;

import dev.fulcrum.compliance.CompliancePolicies;
import dev.fulcrum.compliance.DataResidency;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The compliance policy intake checks orders against now (its version and each check), the other versions, and the
 * tenant's data residency. Read-only: policies are written through the API (docs/guide/compliance.md).
 */
@Controller
class CompliancePage {

    private final CompliancePolicies policies;
    private final DataResidency residency;

    CompliancePage(CompliancePolicies policies, DataResidency residency) {
        this.policies = policies;
        this.residency = residency;
    }

    @GetMapping("/compliance")
    String compliance(Model model) {
        model.addAttribute("active", policies.active());
        model.addAttribute("versions", policies.list());
        model.addAttribute("residency", residency.current());
        return "console/compliance";
    }
}
