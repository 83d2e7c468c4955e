package com.example.giftcards.dev;

import com.example.giftcards.http.AdminToken;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Every path under {@code /dev/} passes {@link DevViewsGuard} first, whichever dev views exist in this setup. */
@Configuration(proxyBeanMethods = false)
public class DevViewsConfiguration {

    @Bean
    public FilterRegistrationBean<DevViewsGuard> devViewsGuard(AdminToken adminToken) {
        FilterRegistrationBean<DevViewsGuard> registration = new FilterRegistrationBean<>(new DevViewsGuard(adminToken));
        registration.addUrlPatterns("/dev/*"); // matched by Tomcat on the decoded, normalised path (also "/dev" itself)
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
