package com.example.giftcards.camel.reload;

import java.time.Duration;

import com.example.giftcards.routecheck.RouteFileCheck;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Live edits ({@code ROUTES_RELOAD=true}, which sets {@code camel.main.routes-reload-enabled}): Camel watches the
 * routes folder and reloads what changed; {@link RouteEditGuard} checks each edit first, and {@link EditGate} holds
 * the routes' HTTP requests while it swaps. Nothing of this exists while live edits are off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "camel.main.routes-reload-enabled", havingValue = "true")
public class LiveEditsConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE) // Camel's own reading first: its line numbers are the ones Camel will use
    public CamelRouteFileCheck camelRouteFileCheck(CamelContext camel) {
        return new CamelRouteFileCheck(camel);
    }

    /**
     * The gate on the paths the routes serve (platform-http: the webhook, the admin endpoints); not on the actuator,
     * whose health answers must not wait. Last of the filters (lowest precedence).
     */
    @Bean
    public FilterRegistrationBean<EditGate> editGate(@Value("${gift.routes.reload-hold}") Duration hold) {
        FilterRegistrationBean<EditGate> registration = new FilterRegistrationBean<>(new EditGate(hold));
        registration.addUrlPatterns("/webhooks/*", "/admin/*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    @Bean
    public CamelContextConfiguration routeEditGuardInstaller(CamelRouteFileCheck reader,
            ObjectProvider<RouteFileCheck> checks, ObjectProvider<TemplateFolderCache> templateCaches,
            FilterRegistrationBean<EditGate> editGate) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                // the reload strategy starts with Camel; the guard goes in once it has
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                RouteWatcherReloadStrategy reloader = camel.hasService(RouteWatcherReloadStrategy.class);
                if (reloader == null || reloader.getResourceReload() == null) {
                    throw new IllegalStateException(
                            "camel.main.routes-reload-enabled is true, but Camel watches no routes folder");
                }
                RouteEditGuard.install(camel, reloader, reader, checks.orderedStream().toList(),
                        templateCaches.orderedStream().toList(), editGate.getFilter());
            }
        };
    }
}
