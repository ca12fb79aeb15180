package io.memscope.core;

import io.memscope.core.exceptions.VulkanUnavailableException;

/** Child-JVM entry point for {@link VulkanContextTest}: tries to create a context and prints the outcome. */
public final class VulkanUnavailableProbe {
    private VulkanUnavailableProbe() {
    }

    public static void main(String[] args) {
        try (VulkanContext ctx = VulkanContext.create()) {
            System.out.println("CREATED " + ctx.getDeviceName());
        } catch (VulkanUnavailableException e) {
            System.out.println("UNAVAILABLE " + e.getMessage());
        } catch (Throwable t) {
            System.out.println("OTHER " + t);
        }
    }
}
