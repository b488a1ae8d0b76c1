package dev.fulcrum.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form; Spring Security's form login (in access) handles {@code POST /login} and {@code /logout}. */
@Controller
class LoginPage {

    @GetMapping("/login")
    String login() {
        return "console/login";
    }
}
