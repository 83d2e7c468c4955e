package com.example.giftcards.http;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers that Spring itself produces (an unknown path, say) in the same JSON shape as ours:
 * {@code {"error":{"code":"not_found","message":"..."}}}, instead of Spring Boot's default error body.
 */
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer value ? value : 500);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String name = status.name().toLowerCase(java.util.Locale.ROOT);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(JsonAnswers.error(name, status.getReasonPhrase()));
    }
}
