package org.silkroad.gateway.explorer;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /explorer} opens the explorer's single page (static files under {@code static/explorer/}). */
@Controller
class ExplorerPages {

    @GetMapping({"/explorer", "/explorer/"})
    String index() {
        return "redirect:/explorer/index.html";
    }
}
